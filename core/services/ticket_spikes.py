"""Ticket-volume spikes: when a step's tickets this week jump past its recent baseline.

A step with ticket rules spikes in the ISO week holding ``now`` when its tickets (and
conversations) that week are at least ``min_tickets`` and at least ``ratio`` times the
mean of the ``baseline_weeks`` weeks before (JOURNEYOPS_SPIKE_* settings). Each step
alerts once per week: the alert is recorded as ``alert.posted`` (crossing
``ticket_spike``, the week) on the step, in the transaction that posts it, with the
step's row locked, so two checks at once alert once.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from core.enums import RecordType
from core.model import Event, Touchpoint, utcnow
from core.services.ticket_rules import ruled_touchpoints
from core.services.ticket_volume import Volume, ticket_volume, week_start
from core.store import UnitOfWork

ALERT_POSTED = "alert.posted"
CROSSING = "ticket_spike"


@dataclass(frozen=True)
class SpikeRule:
    """When a week counts as a spike (JOURNEYOPS_SPIKE_RATIO, _MIN_TICKETS, _BASELINE_WEEKS)."""

    ratio: float = 2.0
    min_tickets: int = 5
    baseline_weeks: int = 4


@dataclass(frozen=True)
class Spike:
    """A step's spike: this week's tickets against the mean of the weeks before."""

    touchpoint_id: int
    week: date  # the Monday the week starts on
    tickets: int
    baseline: float  # mean tickets per week over the baseline weeks


def spike_in(touchpoint_id: int, volume: Volume, rule: SpikeRule) -> Spike | None:
    """The spike in ``volume``'s last week (the current one), or None.

    ``volume`` holds the baseline weeks then the current week, oldest first.
    """
    if not volume.weeks:
        return None
    current = volume.weeks[-1]
    before = volume.weeks[:-1][-rule.baseline_weeks :]
    baseline = sum(w.tickets for w in before) / len(before) if before else 0.0
    if current.tickets < rule.min_tickets or current.tickets < rule.ratio * baseline:
        return None
    return Spike(touchpoint_id, current.week, current.tickets, baseline)


def due_spikes(uow: UnitOfWork, rule: SpikeRule, now: datetime | None = None) -> list[Spike]:
    """The spikes of this week not alerted yet, over every step with ticket rules (one
    volume query, one event query)."""
    moment = now or utcnow()
    ids = [target.touchpoint.id for target in ruled_touchpoints(uow)]
    volumes = ticket_volume(uow, ids, weeks=rule.baseline_weeks + 1, now=moment)
    spikes = [s for tp, v in volumes.items() if (s := spike_in(tp, v, rule)) is not None]
    if not spikes:
        return []
    week = week_start(moment).date()
    done = alerted_steps(uow, [s.touchpoint_id for s in spikes], week)
    return [s for s in spikes if s.touchpoint_id not in done]


def alerted_steps(uow: UnitOfWork, touchpoint_ids: list[int], week: date) -> set[int]:
    """Which of these steps were alerted for a spike in ``week``."""
    rows = uow.session.execute(
        select(Event.record_id, Event.data).where(
            Event.action == ALERT_POSTED,
            Event.record_type == RecordType.TOUCHPOINT.value,
            Event.record_id.in_(touchpoint_ids),
        )
    )
    return {
        record_id
        for record_id, data in rows
        if (data or {}).get("crossing") == CROSSING and data.get("week") == week.isoformat()
    }


def claim_spike(uow: UnitOfWork, spike: Spike, channel: str) -> Touchpoint | None:
    """Lock the spike's step and record its alert; None (nothing recorded) when another
    check alerted it this week already, or the step is gone. Post the alert in the same
    unit of work: a failed post rolls the record back."""
    touchpoint = uow.session.scalar(
        select(Touchpoint).where(Touchpoint.id == spike.touchpoint_id).with_for_update()
    )
    if touchpoint is None or alerted_steps(uow, [touchpoint.id], spike.week):
        return None
    uow.record(
        ALERT_POSTED,
        RecordType.TOUCHPOINT,
        touchpoint.id,
        journey_id=touchpoint.journey_id,
        data={
            "crossing": CROSSING,
            "week": spike.week.isoformat(),
            "tickets": spike.tickets,
            "baseline": round(spike.baseline, 2),
            "channel": channel,
        },
    )
    return touchpoint
