"""Weekly ticket volume per touchpoint: ISO weeks from Monday 00:00 UTC, counted in SQL."""

from datetime import UTC, date, datetime, timedelta

import pytest

from core.enums import EvidenceKind, Origin
from core.services.evidence import EvidenceInput, attach_evidence
from core.services.journey_files import import_journey_files
from core.services.lookup import journey_by_key, touchpoint_by_key
from core.services.ticket_volume import step_volumes, ticket_volume, week_start
from core.store import Store, UnitOfWork
from tests.conftest import EXAMPLES

NOW = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)  # Wednesday; the week began Mon 23 Nov
MONDAY = datetime(2026, 11, 23, tzinfo=UTC)


def _ticket(uow: UnitOfWork, step: str, key: str, at: datetime, kind: str = "ticket") -> None:
    journey = journey_by_key(uow, "ecommerce-checkout")
    proof = EvidenceInput(
        kind=EvidenceKind(kind),
        text=f"ticket {key}",
        source="jira",
        external_id=key,
        captured_at=at,
    )
    attach_evidence(uow, touchpoint_by_key(uow, journey, step), proof)


def _id(uow: UnitOfWork, step: str) -> int:
    return touchpoint_by_key(uow, journey_by_key(uow, "ecommerce-checkout"), step).id


@pytest.mark.parametrize(
    ("moment", "monday"),
    [
        (datetime(2026, 11, 23, 0, 0, tzinfo=UTC), MONDAY),
        (datetime(2026, 11, 29, 23, 59, 59, tzinfo=UTC), MONDAY),
        (datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC), MONDAY - timedelta(weeks=1)),
        # 01:00 on Monday in Berlin is still Sunday in UTC.
        (datetime.fromisoformat("2026-11-23T01:00:00+02:00"), MONDAY - timedelta(weeks=1)),
        (datetime(2026, 11, 23, 12), MONDAY),  # naive (SQLite hands those back) means UTC
    ],
)
def test_a_week_starts_on_monday_at_midnight_utc(moment: datetime, monday: datetime) -> None:
    assert week_start(moment) == monday


def test_tickets_count_in_the_week_they_were_captured_across_the_boundary(
    uow: UnitOfWork, checkout: str
) -> None:
    step = "three-d-secure"
    _ticket(uow, step, "SUP-1", MONDAY - timedelta(seconds=1))  # Sunday 23:59:59: last week
    _ticket(uow, step, "SUP-2", MONDAY)  # Monday 00:00: this week
    _ticket(uow, step, "SUP-3", NOW)
    _ticket(uow, step, "SUP-4", MONDAY - timedelta(weeks=2, hours=1))  # Sun 8 Nov: week 1
    _ticket(uow, step, "SUP-5", MONDAY - timedelta(weeks=3, seconds=1))  # before the 4 weeks
    _ticket(uow, step, "SUP-6", NOW + timedelta(weeks=1))  # next week: not yet
    _ticket(uow, step, "SLACK-1", NOW, kind="slack_thread")  # not a ticket
    _ticket(uow, "card-entry", "SUP-7", NOW - timedelta(days=1))
    uow.session.flush()

    volumes = ticket_volume(
        uow, [_id(uow, step), _id(uow, "card-entry"), _id(uow, "fraud-screening")], now=NOW
    )

    mine = volumes[_id(uow, step)]
    assert [(w.week, w.tickets) for w in mine.weeks] == [
        (date(2026, 11, 2), 1),
        (date(2026, 11, 9), 0),
        (date(2026, 11, 16), 1),
        (date(2026, 11, 23), 2),
    ]
    assert (mine.this_week, mine.total) == (2, 4)
    assert volumes[_id(uow, "card-entry")].this_week == 1
    assert volumes[_id(uow, "fraud-screening")].total == 0
    one_week = ticket_volume(uow, [_id(uow, step)], weeks=1, now=NOW)[_id(uow, step)]
    assert [(w.week, w.tickets) for w in one_week.weeks] == [(date(2026, 11, 23), 2)]
    kinds = (EvidenceKind.TICKET, EvidenceKind.SLACK_THREAD)
    both = ticket_volume(uow, [_id(uow, step)], weeks=1, now=NOW, kinds=kinds)
    assert both[_id(uow, step)].this_week == 3


def test_another_workspace_s_tickets_never_count(store: Store) -> None:
    for workspace in ("ours", "theirs"):
        with store.unit_of_work(workspace, origin=Origin.CLI) as uow:
            import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
    with store.unit_of_work("theirs") as uow:
        _ticket(uow, "three-d-secure", "SUP-1", NOW)
        theirs = _id(uow, "three-d-secure")
    with store.unit_of_work("ours") as uow:
        assert ticket_volume(uow, [theirs], now=NOW)[theirs].total == 0


def test_the_steps_with_rules_carry_their_volume(uow: UnitOfWork, checkout: str) -> None:
    _ticket(uow, "three-d-secure", "SUP-1", NOW - timedelta(days=8))
    _ticket(uow, "three-d-secure", "SUP-2", NOW)
    uow.session.flush()
    [step] = step_volumes(uow, journey_by_key(uow, checkout), now=NOW)
    assert step.where == "payment/three-d-secure"
    assert step.rules == ('jira: project = SUP AND labels = "checkout-3ds"',)
    assert (step.volume.this_week, step.volume.total) == (1, 2)


def test_no_touchpoints_no_query_and_weeks_must_be_positive(uow: UnitOfWork) -> None:
    assert ticket_volume(uow, [], now=NOW) == {}
    with pytest.raises(ValueError, match="at least 1"):
        ticket_volume(uow, [1], weeks=0)
