"""The digest's grouped queries: each answers one question for every active journey at
once, counted in the database, so a digest costs the same dozen queries whether a
workspace holds ten pieces of evidence or two million.

Times are bound as UTC (SQLite compares stored times as text). "Before" means at the
previous period's end (``start``): evidence counts from the moment it was attached
(``created_at``); recency reads when it was captured (``captured_at``).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, and_, case, distinct, func, literal, or_, select, true

from core.derived import EvidenceSummary
from core.derived.confidence import RESEARCH_KINDS
from core.enums import OpportunityStatus, RecordType
from core.model import (
    Event,
    Evidence,
    Kpi,
    KpiValue,
    Link,
    Opportunity,
    PainPoint,
    Stage,
    Touchpoint,
)
from core.services.evidence import as_utc
from core.store import UnitOfWork


@dataclass(frozen=True)
class Window:
    """The period in UTC: ``start`` (the previous period's end) to ``as_of``."""

    start: datetime
    as_of: datetime


@dataclass(frozen=True)
class EvidenceState:
    """A target's evidence at one moment: what confidence and the score read."""

    summary: EvidenceSummary
    newest: datetime | None


NO_EVIDENCE = EvidenceState(EvidenceSummary(0, 0, 0, False), None)


@dataclass(frozen=True)
class PainRow:
    id: int
    journey_id: int
    key: str
    title: str
    impact: str
    status: str
    customers_affected: int | None
    where: str
    touchpoint_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class StepRow:
    id: int
    journey_id: int
    where: str
    name: str
    emotion: int | None
    emotion_reason: str | None
    moment_of_truth: bool
    has_ticket_rules: bool
    order: tuple[int, int]  # stage position, step position


def _utc(moment: Any) -> datetime | None:
    return None if moment is None else as_utc(moment)


def steps(uow: UnitOfWork, journey_ids: list[int]) -> dict[int, StepRow]:
    """Every step of the journeys, by id, with its ``stage/step`` place."""
    query = (
        select(
            Touchpoint.id,
            Touchpoint.journey_id,
            Stage.key,
            Touchpoint.key,
            Touchpoint.name,
            Touchpoint.emotion,
            Touchpoint.emotion_reason,
            Touchpoint.moment_of_truth,
            Touchpoint.ticket_rules,
            Stage.position,
            Touchpoint.position,
        )
        .join(Stage, Stage.id == Touchpoint.stage_id)
        .where(Touchpoint.journey_id.in_(journey_ids))
    )
    return {
        row[0]: StepRow(
            row[0], row[1], f"{row[2]}/{row[3]}", row[4], row[5], row[6], bool(row[7]),
            bool(row[8]), (row[9], row[10]),
        )
        for row in uow.session.execute(query)
    }  # fmt: skip


def pain_points(uow: UnitOfWork, journey_ids: list[int]) -> list[PainRow]:
    """Every pain point of the journeys, with its ``stage/step`` place."""
    query = (
        select(
            PainPoint.id,
            PainPoint.journey_id,
            PainPoint.key,
            PainPoint.title,
            PainPoint.impact,
            PainPoint.status,
            PainPoint.customers_affected,
            Stage.key,
            Touchpoint.key,
            PainPoint.touchpoint_id,
            PainPoint.created_at,
        )
        .join(Stage, Stage.id == PainPoint.stage_id)
        .outerjoin(Touchpoint, Touchpoint.id == PainPoint.touchpoint_id)
        .where(PainPoint.journey_id.in_(journey_ids))
        .order_by(PainPoint.journey_id, PainPoint.position)
    )
    return [
        PainRow(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] + (f"/{r[8]}" if r[8] else ""),
            r[9], as_utc(r[10]),
        )
        for r in uow.session.execute(query)
    ]  # fmt: skip


def _summary_columns(at: Any) -> list[Any]:
    """Count, kinds, voices, research, newest capture: of the evidence where ``at`` holds.

    A voice is what ``independent_sources`` counts: the author, or "?" and the source
    system when the author is unknown, lower-cased.
    """
    voice = func.lower(
        func.coalesce(
            func.nullif(Evidence.author, ""),
            literal("?", String) + func.coalesce(Evidence.source, "None"),
        )
    )
    research = Evidence.kind.in_(sorted(RESEARCH_KINDS))
    return [
        func.sum(case((at, 1), else_=0)),
        func.count(distinct(case((at, Evidence.kind)))),
        func.count(distinct(case((at, voice)))),
        func.max(case((and_(at, research), 1), else_=0)),
        func.max(case((at, Evidence.captured_at))),
    ]


def _state(values: Any) -> EvidenceState:
    count, kinds, voices, research, newest = values
    if not count:
        return NO_EVIDENCE
    return EvidenceState(EvidenceSummary(int(count), kinds, voices, bool(research)), _utc(newest))


def evidence_states(
    uow: UnitOfWork, journey_ids: list[int], window: Window, *, of_pain_points: bool
) -> dict[int, tuple[EvidenceState, EvidenceState]]:
    """Per pain point (or per step, for the steps' own evidence): its evidence at the
    previous period's end and at ``as_of``, in one grouped query.

    The time bounds sit in the aggregates rather than in the WHERE clause, so that no
    planner (SQLite has no statistics) is tempted to walk the evidence by time.
    """
    columns = _summary_columns(Evidence.created_at < window.start) + _summary_columns(
        Evidence.created_at < window.as_of
    )
    # Pain points: read from the covering index (workspace, pain point, journey, ...)
    # alone. Steps: their own evidence by (workspace, step), rows fetched; few pieces of
    # evidence sit on a step rather than on a pain point.
    target = Evidence.pain_point_id if of_pain_points else Evidence.touchpoint_id
    query = select(target, *columns).where(
        target.is_not(None), Evidence.journey_id.in_(journey_ids)
    )
    found = {}
    for row in uow.session.execute(query.group_by(target)):
        now = _state(row[6:11])
        if now is not NO_EVIDENCE:
            found[int(row[0])] = (_state(row[1:6]), now)
    return found


def delivery_changes(
    uow: UnitOfWork, step_ids: list[int], window: Window
) -> dict[int, tuple[datetime | None, datetime | None]]:
    """Per step, when its linked delivery work last changed: before and at ``as_of``."""
    changed = Link.remote_changed_at
    query = (
        select(
            Link.record_id,
            func.max(case((changed < window.start, changed))),
            func.max(changed),
        )
        .where(
            Link.record_type == RecordType.TOUCHPOINT.value,
            Link.record_id.in_(step_ids),
            changed < window.as_of,
        )
        .group_by(Link.record_id)
    )
    return {int(r[0]): (_utc(r[1]), _utc(r[2])) for r in uow.session.execute(query)}


@dataclass(frozen=True)
class EventRow:
    action: str
    record_id: int
    journey_id: int
    at: datetime
    data: dict[str, Any]


DIGEST_ACTIONS = ("pain_point.created", "opportunity.status_changed", "pain_point.fix_shipped")


def events(uow: UnitOfWork, journey_ids: list[int], window: Window) -> list[EventRow]:
    """The period's events the digest reports one by one (new pain points, opportunity
    moves, shipped fixes), oldest first. One query per action, so that each reads its
    own stretch of the (workspace, action, time) index."""
    found: list[tuple[datetime, int, EventRow]] = []
    for action in DIGEST_ACTIONS:
        query = select(
            Event.action, Event.record_id, Event.journey_id, Event.at, Event.data, Event.origin,
            Event.id,
        ).where(
            Event.action == action,
            Event.at >= window.start,
            Event.at < window.as_of,
            Event.journey_id.in_(journey_ids),
        )  # fmt: skip
        for r in uow.session.execute(query):
            data = {**(r[4] or {}), "origin": r[5]}
            row = EventRow(r[0], int(r[1]), int(r[2]), as_utc(r[3]), data)
            found.append((row.at, int(r[6]), row))
    return [row for _, _, row in sorted(found, key=lambda item: (item[0], item[1]))]


def evidence_added(
    uow: UnitOfWork, journey_ids: list[int], window: Window
) -> dict[int, list[tuple[str, str | None, int, int]]]:
    """Per journey, the evidence attached in the period by kind and source: (kind,
    source, count, how many of them positive), most first.

    Counted from the evidence rows' ``created_at`` (the moment each was attached, the
    same as its ``evidence.attached`` event's) through an index that holds every column
    read: joining the period's events to their evidence would read one scattered
    evidence row per event.
    """
    query = (
        select(
            Evidence.journey_id,
            Evidence.kind,
            Evidence.source,
            func.count(),
            func.sum(case((Evidence.sentiment > 0, 1), else_=0)),
        )
        .where(
            Evidence.created_at >= window.start,
            Evidence.created_at < window.as_of,
            Evidence.journey_id.in_(journey_ids),
        )
        .group_by(Evidence.journey_id, Evidence.kind, Evidence.source)
    )
    found: dict[int, list[tuple[str, str | None, int, int]]] = defaultdict(list)
    for journey_id, kind, source, count, positive in uow.session.execute(query):
        found[int(journey_id)].append((kind, source, int(count), int(positive or 0)))
    for rows in found.values():
        rows.sort(key=lambda r: (-r[2], r[0], r[1] or ""))
    return found


def loop_answers(
    uow: UnitOfWork, journey_ids: list[int], fixed_ids: set[int], window: Window
) -> dict[int, tuple[int, int]]:
    """Per pain point, what its evidence threads answered to "is it fixed?" by ``as_of``
    (solicited survey evidence: positive, negative), for the pain points fixed in the
    period and those answered in it."""
    answer = and_(
        Evidence.kind == "survey",
        Evidence.solicited.is_(true()),
        Evidence.sentiment.is_not(None),
        Evidence.pain_point_id.is_not(None),
        Evidence.journey_id.in_(journey_ids),
        Evidence.created_at < window.as_of,
    )
    answered_now = Evidence.created_at >= window.start
    wanted = (
        answered_now if not fixed_ids else or_(answered_now, Evidence.pain_point_id.in_(fixed_ids))
    )
    query = (
        select(
            Evidence.pain_point_id,
            func.sum(case((Evidence.sentiment > 0, 1), else_=0)),
            func.sum(case((Evidence.sentiment < 0, 1), else_=0)),
            func.max(case((answered_now, 1), else_=0)),
        )
        .where(answer)
        .group_by(Evidence.pain_point_id)
    )
    found = {}
    for pain_id, yes, no, recent in uow.session.execute(query.where(wanted)):
        if recent or int(pain_id) in fixed_ids:
            found[int(pain_id)] = (int(yes or 0), int(no or 0))
    return found


def opportunities(uow: UnitOfWork, ids: set[int]) -> dict[int, tuple[str, str]]:
    """Key and title of the opportunities ``ids``."""
    if not ids:
        return {}
    query = select(Opportunity.id, Opportunity.key, Opportunity.title).where(
        Opportunity.id.in_(sorted(ids))
    )
    return {int(r[0]): (r[1], r[2]) for r in uow.session.execute(query)}


def jira_issues(uow: UnitOfWork, opportunity_ids: set[int]) -> dict[int, str]:
    """The Jira issue key linked to each of the opportunities ``opportunity_ids``."""
    if not opportunity_ids:
        return {}
    query = select(Link.record_id, Link.external_id).where(
        Link.record_type == RecordType.OPPORTUNITY.value,
        Link.system == "jira",
        Link.record_id.in_(sorted(opportunity_ids)),
    )
    return {int(r[0]): r[1] for r in uow.session.execute(query)}


def unowned_opportunities(
    uow: UnitOfWork, journey_ids: list[int], limit: int
) -> dict[int, tuple[list[tuple[str, str, str]], int]]:
    """Per journey, its first ``limit`` open opportunities nobody owns (key, title,
    status, in map order) and how many there are."""
    closed = [OpportunityStatus.DONE.value, OpportunityStatus.DROPPED.value]
    ranked = (
        select(
            Opportunity.journey_id,
            Opportunity.key,
            Opportunity.title,
            Opportunity.status,
            func.row_number()
            .over(
                partition_by=Opportunity.journey_id, order_by=(Opportunity.position, Opportunity.id)
            )
            .label("n"),
            func.count().over(partition_by=Opportunity.journey_id).label("total"),
        )
        .where(
            Opportunity.journey_id.in_(journey_ids),
            or_(Opportunity.owner.is_(None), func.trim(Opportunity.owner) == ""),
            Opportunity.status.not_in(closed),
        )
        .subquery()
    )
    query = select(ranked).where(ranked.c.n <= limit).order_by(ranked.c.journey_id, ranked.c.n)
    found: dict[int, tuple[list[tuple[str, str, str]], int]] = {}
    for journey_id, key, title, status, _, total in uow.session.execute(query):
        items, _ = found.get(int(journey_id), ([], 0))
        items.append((key, title, status))
        found[int(journey_id)] = (items, int(total))
    return found


@dataclass(frozen=True)
class KpiRow:
    journey_id: int
    name: str
    unit: str | None
    target: float | None
    direction: str
    value: float | None
    observed_on: date | None
    previous: float | None


def _latest_values(uow: UnitOfWork, journey_ids: list[int], through: Any) -> dict[int, Any]:
    """KPI id -> (value, day) of its latest value among those where ``through`` holds:
    one pass, numbering each KPI's values newest first (a join on "the latest day per
    KPI" made SQLite scan the grouped rows once per KPI)."""
    ranked = (
        select(
            KpiValue.kpi_id,
            KpiValue.value,
            KpiValue.observed_on,
            func.row_number()
            .over(partition_by=KpiValue.kpi_id, order_by=KpiValue.observed_on.desc())
            .label("n"),
        )
        .join(Kpi, Kpi.id == KpiValue.kpi_id)
        .where(Kpi.journey_id.in_(journey_ids), through)
        .subquery()
    )
    query = select(ranked.c.kpi_id, ranked.c.value, ranked.c.observed_on).where(ranked.c.n == 1)
    return {int(r[0]): (r[1], r[2]) for r in uow.session.execute(query)}


def kpis(uow: UnitOfWork, journey_ids: list[int], start: date, as_of: date) -> list[KpiRow]:
    """Every KPI of the journeys, in map order, with its latest value by ``as_of`` and
    the latest before ``start``."""
    query = (
        select(Kpi.id, Kpi.journey_id, Kpi.name, Kpi.unit, Kpi.target, Kpi.direction)
        .where(Kpi.journey_id.in_(journey_ids))
        .order_by(Kpi.journey_id, Kpi.position, Kpi.id)
    )
    found = list(uow.session.execute(query))
    now = _latest_values(uow, journey_ids, KpiValue.observed_on <= as_of)
    then = _latest_values(uow, journey_ids, KpiValue.observed_on < start)
    rows = []
    for kpi_id, journey_id, name, unit, target, direction in found:
        value, observed_on = now.get(kpi_id, (None, None))
        previous, _ = then.get(kpi_id, (None, None))
        rows.append(KpiRow(journey_id, name, unit, target, direction, value, observed_on, previous))
    return rows
