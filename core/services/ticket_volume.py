"""Ticket volume: how many tickets each touchpoint gathered per ISO week.

A week runs from Monday 00:00 UTC to the next Monday. A ticket counts in the week its
evidence was ``captured_at`` (a pulled ticket's creation time). Counted in the database
with one grouped query: the week bounds are computed here and handed over as parameters,
so the same SQL runs on SQLite and PostgreSQL without date functions.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select

from core.enums import EvidenceKind
from core.model import Evidence, Journey, utcnow
from core.services.evidence import as_utc
from core.services.ticket_rules import describe_rule, ruled_touchpoints
from core.store import UnitOfWork

WEEK = timedelta(weeks=1)
# What counts as a ticket: support tickets, and chat conversations (Intercom).
TICKET_KINDS = (EvidenceKind.TICKET, EvidenceKind.CONVERSATION)


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 UTC of the ISO week that holds ``moment``."""
    day = as_utc(moment).replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekCount:
    """The tickets of one touchpoint in the week starting on ``week`` (a Monday)."""

    week: date
    tickets: int


@dataclass(frozen=True)
class Volume:
    """A touchpoint's weekly ticket counts, oldest week first, the current week last."""

    weeks: tuple[WeekCount, ...]

    @property
    def this_week(self) -> int:
        return self.weeks[-1].tickets if self.weeks else 0

    @property
    def total(self) -> int:
        return sum(w.tickets for w in self.weeks)


def ticket_volume(
    uow: UnitOfWork,
    touchpoint_ids: list[int],
    *,
    weeks: int = 4,
    now: datetime | None = None,
    kinds: tuple[EvidenceKind, ...] = TICKET_KINDS,
) -> dict[int, Volume]:
    """Per touchpoint, the evidence of ``kinds`` (tickets and conversations) attached to
    it in each of the ``weeks`` ISO weeks up to and including the
    one holding ``now`` (zero weeks included).

    One query: ``SELECT touchpoint_id, week, count(*) FROM (SELECT touchpoint_id, CASE
    WHEN captured_at < :b1 THEN 0 WHEN captured_at < :b2 THEN 1 ... END AS week FROM
    evidence WHERE kind IN ('ticket') AND touchpoint_id IN (...) AND :b0 <= captured_at <
    :bN) GROUP BY touchpoint_id, week``. The inner select names the week so that the
    GROUP BY refers to it by name: PostgreSQL would not match a repeated CASE whose
    parameters are bound twice.

    Raises:
        ValueError: ``weeks`` is below 1.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    first = week_start(now or utcnow()) - (weeks - 1) * WEEK
    bounds = [first + n * WEEK for n in range(weeks + 1)]
    counts: dict[tuple[int, int], int] = {}
    if touchpoint_ids:
        week = case(
            *((Evidence.captured_at < bound, n) for n, bound in enumerate(bounds[1:])),
            else_=weeks - 1,
        ).label("week")
        inner = (
            select(Evidence.touchpoint_id, week)
            .where(
                Evidence.kind.in_([kind.value for kind in kinds]),
                Evidence.touchpoint_id.in_(touchpoint_ids),
                Evidence.captured_at >= bounds[0],
                Evidence.captured_at < bounds[-1],
            )
            .subquery()
        )
        query = select(inner.c.touchpoint_id, inner.c.week, func.count()).group_by(
            inner.c.touchpoint_id, inner.c.week
        )
        for touchpoint_id, n, count in uow.session.execute(query):
            counts[(int(touchpoint_id), int(n))] = int(count)
    return {
        tp: Volume(tuple(WeekCount(bounds[n].date(), counts.get((tp, n), 0)) for n in range(weeks)))
        for tp in touchpoint_ids
    }


@dataclass(frozen=True)
class StepVolume:
    """A step of a journey that has ticket rules, with its weekly ticket counts."""

    where: str  # "stage/step"
    name: str
    rules: tuple[str, ...]  # as people read them: "jira: project = SUP AND ..."
    volume: Volume


def step_volumes(
    uow: UnitOfWork, journey: Journey, *, weeks: int = 4, now: datetime | None = None
) -> list[StepVolume]:
    """The ticket volume of every step of ``journey`` that has a ticket rule, in map
    order (one query for all of them; none when no step has a rule)."""
    steps = [(s, t) for s in journey.stages for t in s.touchpoints if t.ticket_rules]
    volumes = ticket_volume(uow, [t.id for _, t in steps], weeks=weeks, now=now)
    return [
        StepVolume(
            f"{stage.key}/{tp.key}",
            tp.name,
            tuple(describe_rule(rule) for rule in tp.ticket_rules),
            volumes[tp.id],
        )
        for stage, tp in steps
    ]


def touchpoint_volumes(
    uow: UnitOfWork, *, weeks: int = 1, now: datetime | None = None
) -> dict[int, Volume]:
    """The ticket volume of every step with a ticket rule in the workspace, by touchpoint
    id, over the ``weeks`` ISO weeks up to the one holding ``now`` (``this_week`` is the
    current week's count). For the digest and the web map: one query for all steps."""
    ids = [target.touchpoint.id for target in ruled_touchpoints(uow)]
    return ticket_volume(uow, ids, weeks=weeks, now=now)
