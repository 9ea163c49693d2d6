"""When a step's ticket volume spikes: the rule on its own, and over the store (SQLite and
PostgreSQL): once per step and week."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from core.enums import EvidenceKind
from core.model import Touchpoint
from core.services.evidence import EvidenceInput, attach_evidence
from core.services.journey_files import import_journey_files
from core.services.ticket_spikes import SpikeRule, claim_spike, due_spikes, spike_in
from core.services.ticket_volume import Volume, WeekCount
from core.store import Store
from tests.conftest import EXAMPLES

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)  # Wednesday of the week of Monday 23 November
RULE = SpikeRule(ratio=2.0, min_tickets=5, baseline_weeks=4)


def volume(*counts: int) -> Volume:
    start = date(2026, 10, 26)
    return Volume(tuple(WeekCount(start + timedelta(weeks=n), c) for n, c in enumerate(counts)))


@pytest.mark.parametrize(
    ("counts", "spikes"),
    [
        ((2, 3, 2, 3, 6), True),  # 6 >= 2 x 2.5
        ((2, 3, 3, 3, 5), False),  # 5 < 2 x 2.75
        ((0, 0, 0, 0, 5), True),  # a step that never had tickets: the minimum decides
        ((0, 0, 0, 0, 4), False),  # under the minimum, however quiet before
        ((9, 9, 9, 9, 17), False),  # busy, but not twice the usual
        ((1, 1, 40, 1, 1, 30), True),  # only the 4 weeks before count: mean 10.75
    ],
)
def test_a_week_spikes_past_ratio_times_the_baseline_mean_and_the_minimum(
    counts: tuple[int, ...], spikes: bool
) -> None:
    found = spike_in(1, volume(*counts), RULE)
    assert (found is not None) == spikes
    if found:
        assert found.tickets == counts[-1]


def add_tickets(store: Store, step: str, count: int, at: datetime, prefix: str) -> int:
    with store.unit_of_work("w") as uow:
        touchpoint = uow.session.scalar(select(Touchpoint).where(Touchpoint.key == step))
        assert touchpoint is not None
        touchpoint.ticket_rules = [{"source": "zendesk", "tags": ["card-declined"]}]
        for n in range(count):
            proof = EvidenceInput(
                EvidenceKind.TICKET, f"declined {n}", "zendesk", f"{prefix}{n}", captured_at=at
            )
            attach_evidence(uow, touchpoint, proof)
        return touchpoint.id


def test_a_spike_is_due_once_per_step_and_week(store: Store) -> None:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
    add_tickets(store, "card-entry", 1, NOW - timedelta(weeks=2), "old-")
    step = add_tickets(store, "card-entry", 6, NOW - timedelta(hours=3), "new-")

    with store.unit_of_work("w") as uow:
        [spike] = due_spikes(uow, RULE, NOW)
        assert (spike.touchpoint_id, spike.week, spike.tickets, spike.baseline) == (
            step,
            date(2026, 11, 23),
            6,
            0.25,
        )
        assert claim_spike(uow, spike, "C0ALERTS") is not None
    with store.unit_of_work("w") as uow:
        assert due_spikes(uow, RULE, NOW) == []
        assert claim_spike(uow, spike, "C0ALERTS") is None  # a second check the same week
    with store.unit_of_work("w") as uow:  # next week is a week of its own
        assert due_spikes(uow, RULE, NOW + timedelta(weeks=1)) == []
