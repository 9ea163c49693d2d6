"""A journey as people look at it: lens, grid, ranked pain points, derived figures.

One read model for every renderer (terminal, Markdown, and later Confluence, the web
map and Slack), so they all rank and qualify things the same way.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from core.derived import EvidenceFacts, Staleness, confidence, pain_point_score, staleness
from core.enums import Confidence, RecordType
from core.model import Evidence, Journey, Link, Opportunity, PainPoint, Touchpoint, utcnow
from core.services.evidence import as_utc
from core.store import UnitOfWork


@dataclass(frozen=True)
class TouchpointView:
    touchpoint: Touchpoint
    confidence: Confidence
    staleness: Staleness
    evidence_count: int


@dataclass(frozen=True)
class PainPointView:
    pain_point: PainPoint
    where: str  # "stage/step" or "stage"
    score: float
    confidence: Confidence
    evidence: list[Evidence]


@dataclass
class JourneyView:
    journey: Journey
    touchpoints: dict[int, TouchpointView] = field(default_factory=dict)
    pain_points: list[PainPointView] = field(default_factory=list)  # by score, highest first
    opportunities: list[Opportunity] = field(default_factory=list)
    confidence: Confidence = Confidence.ASSUMPTION


def _facts(evidence: list[Evidence]) -> list[EvidenceFacts]:
    return [EvidenceFacts(e.kind, e.source, e.author, as_utc(e.captured_at)) for e in evidence]


def _newest(evidence: list[Evidence]) -> datetime | None:
    return max((as_utc(e.captured_at) for e in evidence), default=None)


def journey_view(uow: UnitOfWork, journey: Journey, now: datetime | None = None) -> JourneyView:
    """Everything a rendering of ``journey`` needs, with derived figures as of ``now``."""
    now = now or utcnow()
    session = uow.session
    by_target: dict[tuple[str, int], list[Evidence]] = defaultdict(list)
    for ev in session.scalars(
        select(Evidence)
        .where(Evidence.journey_id == journey.id)
        .order_by(Evidence.captured_at.desc(), Evidence.id)
    ):
        if ev.pain_point_id is not None:
            by_target[("pain_point", ev.pain_point_id)].append(ev)
        else:
            by_target[("touchpoint", ev.touchpoint_id or 0)].append(ev)
    pain_points = list(
        session.scalars(
            select(PainPoint).where(PainPoint.journey_id == journey.id).order_by(PainPoint.position)
        )
    )
    touchpoint_ids = [t.id for s in journey.stages for t in s.touchpoints]
    delivery_changed: dict[int, datetime] = {}
    for link in session.scalars(
        select(Link).where(
            Link.record_type == RecordType.TOUCHPOINT.value,
            Link.record_id.in_(touchpoint_ids),
            Link.remote_changed_at.is_not(None),
        )
    ):
        changed = as_utc(link.remote_changed_at or now)
        previous = delivery_changed.get(link.record_id)
        if previous is None or changed > previous:
            delivery_changed[link.record_id] = changed
    view = JourneyView(journey)
    all_evidence: list[Evidence] = []
    for stage in journey.stages:
        for tp in stage.touchpoints:
            evidence = by_target[("touchpoint", tp.id)] + [
                e
                for p in pain_points
                if p.touchpoint_id == tp.id
                for e in by_target[("pain_point", p.id)]
            ]
            all_evidence += by_target[("touchpoint", tp.id)]
            view.touchpoints[tp.id] = TouchpointView(
                tp,
                confidence(_facts(evidence)),
                staleness(
                    newest_evidence=_newest(evidence),
                    last_reviewed=journey.last_reviewed,
                    review_cadence_days=journey.review_cadence_days,
                    delivery_changed_at=delivery_changed.get(tp.id),
                    now=now,
                ),
                len(evidence),
            )
    stage_keys = {s.id: s.key for s in journey.stages}
    touchpoint_keys = {t.id: t.key for s in journey.stages for t in s.touchpoints}
    for p in pain_points:
        evidence = by_target[("pain_point", p.id)]
        all_evidence += evidence
        where = stage_keys[p.stage_id]
        if p.touchpoint_id:
            where += "/" + touchpoint_keys[p.touchpoint_id]
        view.pain_points.append(
            PainPointView(
                p,
                where,
                pain_point_score(
                    p.impact, p.customers_affected, len(evidence), _newest(evidence), now
                ),
                confidence(_facts(evidence)),
                evidence,
            )
        )
    view.pain_points.sort(key=lambda v: (-v.score, v.pain_point.position))
    view.confidence = confidence(_facts(all_evidence))
    view.opportunities = list(
        session.scalars(
            select(Opportunity)
            .where(Opportunity.journey_id == journey.id)
            .order_by(Opportunity.position)
        )
    )
    return view
