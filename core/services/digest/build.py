"""``build_digest``: a workspace's digest for one period, from the event log and the store.

A dozen grouped queries (``figures``) for all active journeys at once; the derived
figures (confidence, pain-point score, staleness) are computed from what they count,
by the same functions that qualify a journey anywhere else.
"""

import logging
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import select

from core.derived import confidence_of, pain_point_score, staleness
from core.enums import JourneyStatus, PainStatus
from core.errors import NotFound
from core.model import Journey
from core.services.digest import figures
from core.services.digest.data import (
    LIST_LIMIT,
    TOP_PAIN_POINTS,
    ConfidenceMove,
    Counted,
    Digest,
    EvidenceAdded,
    JourneyDigest,
    KpiReading,
    NewPainPoint,
    OpportunityMove,
    OverdueReview,
    PositiveMoment,
    RankedPainPoint,
    ShippedFix,
    StaleStep,
    StepTickets,
    UnownedOpportunity,
    counted,
)
from core.services.digest.figures import EvidenceState, PainRow, StepRow, Window
from core.services.digest.period import Period
from core.services.digest.reviews import overdue_review
from core.services.evidence import as_utc
from core.services.ticket_volume import ticket_volume, week_start
from core.store import UnitOfWork

logger = logging.getLogger(__name__)

RANKED_STATUSES = (PainStatus.OPEN.value, PainStatus.IN_PROGRESS.value)
POSITIVE_MOMENTS = 3
REVIEW_REASON = "review_overdue"  # named once per journey, in the overdue reviews


def build_digest(
    uow: UnitOfWork, period: Period, *, now: datetime, journey_key: str | None = None
) -> Digest:
    """The digest of the workspace bound to ``uow`` for ``period``, as of ``now`` (or of
    the period's end, when that is earlier). Reads only; changes nothing.

    Args:
        uow: the unit of work of the workspace.
        period: what the digest covers (``core.services.digest.period``).
        now: the moment it is built (a period still running is reported so far).
        journey_key: only this journey (it must be active).

    Raises:
        NotFound: ``journey_key`` names no active journey.
    """
    window = Window(as_utc(period.start), min(as_utc(now), as_utc(period.end)))
    journeys = _active_journeys(uow, journey_key)
    ids = [row[0] for row in journeys]
    steps = figures.steps(uow, ids)
    pains = figures.pain_points(uow, ids)
    pain_states = figures.evidence_states(uow, ids, window, of_pain_points=True)
    step_states = figures.evidence_states(uow, ids, window, of_pain_points=False)
    deliveries = figures.delivery_changes(uow, list(steps), window)
    events = figures.events(uow, ids, window)
    added = figures.evidence_added(uow, ids, window)
    fixed_at = {e.record_id: e.at for e in events if e.action == "pain_point.fix_shipped"}
    answers = figures.loop_answers(uow, ids, set(fixed_at), window)
    unowned = figures.unowned_opportunities(uow, ids, LIST_LIMIT)
    local_as_of = window.as_of.astimezone(period.start.tzinfo)
    kpis = figures.kpis(uow, ids, period.start.date(), local_as_of.date())
    tickets_week = week_start(window.start)
    tickets = ticket_volume(
        uow, [s.id for s in steps.values() if s.has_ticket_rules], weeks=1, now=window.start
    )
    moves = _opportunity_moves(uow, events)

    pains_by_journey: dict[int, list[PainRow]] = defaultdict(list)
    for pain in pains:
        pains_by_journey[pain.journey_id].append(pain)
    steps_by_journey: dict[int, list[StepRow]] = defaultdict(list)
    for step in sorted(steps.values(), key=lambda s: s.order):
        steps_by_journey[step.journey_id].append(step)
    kpis_by_journey: dict[int, list[KpiReading]] = defaultdict(list)
    for k in kpis:
        kpis_by_journey[k.journey_id].append(
            KpiReading(k.name, k.unit, k.value, k.observed_on, k.previous, k.target, k.direction)
        )
    new_by_journey: dict[int, list[int]] = defaultdict(list)
    for e in events:
        if e.action == "pain_point.created":
            new_by_journey[e.journey_id].append(e.record_id)

    digests = []
    overdue: list[OverdueReview] = []
    for journey_id, key, title, owner, cadence, last_reviewed in journeys:
        review = overdue_review(key, title, owner, last_reviewed, cadence, window.as_of)
        if review is not None:
            overdue.append(review)
        journey_pains = pains_by_journey[journey_id]
        by_id = {p.id: p for p in journey_pains}
        journey_steps = steps_by_journey[journey_id]
        digests.append(
            JourneyDigest(
                key=key,
                title=title,
                owner=owner,
                new_pain_points=counted(
                    [
                        NewPainPoint(p.key, p.title, p.where, p.impact)
                        for pid in dict.fromkeys(new_by_journey[journey_id])
                        if (p := by_id.get(pid)) is not None
                    ]
                ),
                evidence_added=tuple(
                    EvidenceAdded(kind, source, count)
                    for kind, source, count, _ in added.get(journey_id, [])
                ),
                praise=sum(positive for *_, positive in added.get(journey_id, [])),
                confidence_moves=counted(_confidence_moves(journey_pains, pain_states)),
                top_pain_points=_top_pain_points(journey_pains, pain_states, window),
                opportunity_moves=counted(moves.get(journey_id, [])),
                shipped_fixes=counted(
                    [
                        ShippedFix(p.key, p.title, fixed_at.get(p.id), *answers.get(p.id, (0, 0)))
                        for p in journey_pains
                        if p.id in fixed_at or p.id in answers
                    ]
                ),
                stale_steps=counted(
                    _stale_steps(
                        journey_steps,
                        journey_pains,
                        pain_states,
                        step_states,
                        deliveries,
                        (last_reviewed, cadence),
                        window,
                    )
                ),
                unowned_opportunities=_unowned(unowned.get(journey_id)),
                kpis=tuple(kpis_by_journey[journey_id]),
                positive_moments=_positive_moments(journey_steps),
                tickets=tuple(
                    StepTickets(s.where, s.name, tickets[s.id].this_week)
                    for s in journey_steps
                    if s.id in tickets and tickets[s.id].this_week
                ),
                tickets_week=tickets_week.date() if tickets else None,
            )
        )
    digest = Digest(
        workspace_key=uow.workspace.key,
        workspace_name=uow.workspace.name,
        period=period,
        as_of=window.as_of,
        journeys=tuple(d for d in digests if not d.quiet),
        quiet=tuple(d for d in digests if d.quiet),
        overdue_reviews=tuple(
            sorted(overdue, key=lambda r: (r.days_overdue is not None, -(r.days_overdue or 0)))
        ),
    )
    logger.info(
        "digest.built",
        extra={
            "workspace": digest.workspace_key,
            "period": period.title(),
            "journeys": len(digest.journeys),
            "quiet": len(digest.quiet),
        },
    )
    return digest


def _active_journeys(
    uow: UnitOfWork, journey_key: str | None
) -> list[tuple[int, str, str, str | None, int | None, date | None]]:
    query = (
        select(
            Journey.id,
            Journey.key,
            Journey.title,
            Journey.owner,
            Journey.review_cadence_days,
            Journey.last_reviewed,
        )
        .where(Journey.status == JourneyStatus.ACTIVE.value)
        .order_by(Journey.key)
    )
    if journey_key is not None:
        query = query.where(Journey.key == journey_key)
    found = [tuple(row) for row in uow.session.execute(query)]
    if journey_key is not None and not found:
        raise NotFound(
            f"no active journey {journey_key!r} in workspace {uow.workspace.key!r}; "
            "`journeyops journeys` lists them"
        )
    return found


def _score(pain: PainRow, state: EvidenceState, at: datetime) -> float:
    return pain_point_score(
        pain.impact, pain.customers_affected, state.summary.count, state.newest, at
    )


def _ranks(scored: list[tuple[float, int, PainRow]]) -> dict[int, tuple[int, float]]:
    scored.sort(key=lambda item: (-item[0], item[1]))
    return {pain.id: (n, score) for n, (score, _, pain) in enumerate(scored, start=1)}


def _top_pain_points(
    pains: list[PainRow],
    states: dict[int, tuple[EvidenceState, EvidenceState]],
    window: Window,
) -> tuple[RankedPainPoint, ...]:
    """The open pain points ranked by score at ``as_of`` and at the previous period's
    end (among those that existed then); the top ``TOP_PAIN_POINTS`` with both."""
    ranked = [p for p in pains if p.status in RANKED_STATUSES]
    empty = (figures.NO_EVIDENCE, figures.NO_EVIDENCE)
    now = _ranks(
        [(_score(p, states.get(p.id, empty)[1], window.as_of), n, p) for n, p in enumerate(ranked)]
    )
    then = _ranks(
        [
            (_score(p, states.get(p.id, empty)[0], window.start), n, p)
            for n, p in enumerate(ranked)
            if p.created_at < window.start
        ]
    )
    by_id = {p.id: p for p in ranked}
    top = sorted(now.items(), key=lambda item: item[1][0])[:TOP_PAIN_POINTS]
    return tuple(
        RankedPainPoint(
            p.key, p.title, p.where, p.impact, p.status, score, rank,
            then[pid][1] if pid in then else None, then[pid][0] if pid in then else None,
        )
        for pid, (rank, score) in top
        if (p := by_id[pid])
    )  # fmt: skip


def _confidence_moves(
    pains: list[PainRow], states: dict[int, tuple[EvidenceState, EvidenceState]]
) -> list[ConfidenceMove]:
    moves = []
    for p in pains:
        if p.id not in states:
            continue
        then, now = states[p.id]
        before, after = confidence_of(then.summary), confidence_of(now.summary)
        if before != after:
            moves.append(ConfidenceMove(p.key, p.title, before, after))
    return moves


def _opportunity_moves(
    uow: UnitOfWork, events: list[figures.EventRow]
) -> dict[int, list[OpportunityMove]]:
    """Per journey, the opportunities Jira moved: first "from", last "to" of the period."""
    first: dict[int, figures.EventRow] = {}
    last: dict[int, figures.EventRow] = {}
    for e in events:
        if e.action == "opportunity.status_changed" and e.data.get("origin") == "jira":
            first.setdefault(e.record_id, e)
            last[e.record_id] = e
    names = figures.opportunities(uow, set(first))
    issues = figures.jira_issues(uow, set(first))
    found: dict[int, list[OpportunityMove]] = defaultdict(list)
    for oid, e in first.items():
        before, after = str(e.data.get("from")), str(last[oid].data.get("to"))
        if oid not in names or before == after:
            continue  # deleted since, or moved there and back
        issue = last[oid].data.get("issue") or issues.get(oid)
        key, title = names[oid]
        found[e.journey_id].append(
            OpportunityMove(key, title, before, after, str(issue) if issue else None)
        )
    return found


def _stale_steps(
    steps: list[StepRow],
    pains: list[PainRow],
    pain_states: dict[int, tuple[EvidenceState, EvidenceState]],
    step_states: dict[int, tuple[EvidenceState, EvidenceState]],
    deliveries: dict[int, tuple[datetime | None, datetime | None]],
    review: tuple[date | None, int | None],
    window: Window,
) -> list[StaleStep]:
    """Steps that went stale in the period, for a reason of their own (a journey's
    overdue review is named once, in the overdue reviews, not on each of its steps)."""
    newest: dict[int, list[datetime | None]] = {
        s.id: list(_newest_pair(step_states.get(s.id))) for s in steps
    }
    for p in pains:
        if p.touchpoint_id in newest and p.id in pain_states:
            then, now = _newest_pair(pain_states[p.id])
            pair = newest[p.touchpoint_id]
            pair[0] = _later(pair[0], then)
            pair[1] = _later(pair[1], now)
    last_reviewed, cadence = review
    found = []
    for s in steps:
        delivered_then, delivered_now = deliveries.get(s.id, (None, None))
        reasons = []
        for newest_at, delivered, at in (
            (newest[s.id][0], delivered_then, window.start),
            (newest[s.id][1], delivered_now, window.as_of),
        ):
            state = staleness(
                newest_evidence=newest_at,
                last_reviewed=last_reviewed,
                review_cadence_days=cadence,
                delivery_changed_at=delivered,
                now=at,
            )
            reasons.append(tuple(r for r in state.reasons if r != REVIEW_REASON))
        before, after = reasons
        if after and not before:
            found.append(StaleStep(s.where, s.name, after))
    return found


def _newest_pair(
    states: tuple[EvidenceState, EvidenceState] | None,
) -> tuple[datetime | None, datetime | None]:
    if states is None:
        return None, None
    return states[0].newest, states[1].newest


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    return a if b is None else max(a, b)


def _unowned(found: tuple[list[tuple[str, str, str]], int] | None) -> Counted[UnownedOpportunity]:
    if found is None:
        return Counted((), 0)
    items, total = found
    return Counted(tuple(UnownedOpportunity(*item) for item in items), total)


def _positive_moments(steps: list[StepRow]) -> tuple[PositiveMoment, ...]:
    """The steps customers feel best about: emotion +1 or more, strongest first, moments
    of truth before others, then in map order."""
    good = [s for s in steps if s.emotion is not None and s.emotion > 0]
    good.sort(key=lambda s: (-(s.emotion or 0), not s.moment_of_truth, s.order))
    return tuple(
        PositiveMoment(s.where, s.name, s.emotion or 0, s.emotion_reason, s.moment_of_truth)
        for s in good[:POSITIVE_MOMENTS]
    )
