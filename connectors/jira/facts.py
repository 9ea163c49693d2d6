"""What the Jira issues of one journey are made from, read from the store once.

``journey_facts`` reads through the shared read model (``journey_view``) and the link
service, and hands back plain frozen values, so rendering (``connectors.jira.render``)
is a pure function that tests can feed directly.

Only what an issue shows or carries is kept. Scores (they decay daily) and statuses
(they come back from Jira) are deliberately absent: were they rendered, every day or
every Jira transition would change the fingerprint and rewrite the issue.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from connectors.confluence.render import page_title
from connectors.confluence.sync import LINK_KIND as MAP_LINK_KIND
from connectors.jira.text import web_url
from core.enums import EvidenceKind, RecordType
from core.model import Evidence, Journey, OpportunityPainPoint
from core.services.evidence import as_utc
from core.services.journey_view import PainPointView, journey_view
from core.services.links import links_of
from core.store import UnitOfWork

SLACK_KINDS = frozenset({EvidenceKind.SLACK_THREAD.value, EvidenceKind.SLACK_MESSAGE.value})


@dataclass(frozen=True)
class Proof:
    """One piece of evidence of a pain point.

    Attributes:
        text: the snapshot, else the capturer's note, else empty.
        permalink: the evidence's link when it is an http(s) URL, else None.
    """

    id: int
    kind: str
    source: str | None
    author: str | None
    captured_at: datetime
    text: str
    permalink: str | None

    @property
    def from_slack(self) -> bool:
        return (self.source or "").lower() == "slack" or self.kind in SLACK_KINDS


@dataclass(frozen=True)
class PainPointFacts:
    """A pain point an opportunity addresses; ``evidence`` newest first, ties by id."""

    id: int
    key: str
    title: str
    description: str | None
    impact: str
    customers_affected: int | None
    stage_key: str
    stage_name: str
    step_name: str | None
    evidence: tuple[Proof, ...]


@dataclass(frozen=True)
class OpportunityFacts:
    """An opportunity and the pain points it addresses, in the order it lists them."""

    id: int
    key: str
    title: str
    description: str | None
    customer_value: int | None
    business_value: int | None
    effort: int | None
    owner: str | None
    due_date: date | None
    pain_points: tuple[PainPointFacts, ...]


@dataclass(frozen=True)
class JourneyFacts:
    """A journey's opportunities (map order) and where its Confluence map lives.

    Attributes:
        map_url: the published map page, from the journey's ``journey-map`` link; None
            while the map has not been published (or its link holds no URL).
        map_title: the map page's title.
    """

    workspace_key: str
    journey_id: int
    journey_key: str
    journey_title: str
    map_url: str | None
    map_title: str
    opportunities: tuple[OpportunityFacts, ...]


def _proof(evidence: Evidence) -> Proof:
    return Proof(
        id=evidence.id,
        kind=evidence.kind,
        source=evidence.source,
        author=evidence.author,
        captured_at=as_utc(evidence.captured_at),
        text=evidence.text or evidence.note or "",
        permalink=web_url(evidence.permalink),
    )


def _pain_point(journey: Journey, view: PainPointView) -> PainPointFacts:
    pain_point = view.pain_point
    stage = next(s for s in journey.stages if s.id == pain_point.stage_id)
    step = next((t for t in stage.touchpoints if t.id == pain_point.touchpoint_id), None)
    proofs = sorted(
        (_proof(e) for e in view.evidence), key=lambda p: (-p.captured_at.timestamp(), p.id)
    )
    return PainPointFacts(
        id=pain_point.id,
        key=pain_point.key,
        title=pain_point.title,
        description=pain_point.description,
        impact=pain_point.impact,
        customers_affected=pain_point.customers_affected,
        stage_key=stage.key,
        stage_name=stage.name,
        step_name=step.name if step else None,
        evidence=tuple(proofs),
    )


def _map_link(uow: UnitOfWork, journey: Journey) -> tuple[str | None, str]:
    for link in links_of(uow, RecordType.JOURNEY, journey.id):
        if link.system == "confluence" and link.kind == MAP_LINK_KIND:
            url = web_url(link.url or (link.state or {}).get("url"))
            return url, link.title or page_title(journey.title)
    return None, page_title(journey.title)


def journey_facts(uow: UnitOfWork, journey: Journey) -> JourneyFacts:
    """Read what the Jira issues of ``journey`` are made from.

    Args:
        uow: a unit of work of the journey's workspace.
        journey: the journey (from ``journey_by_key``).
    """
    view = journey_view(uow, journey)
    pains = {pv.pain_point.id: _pain_point(journey, pv) for pv in view.pain_points}
    addressed: dict[int, list[int]] = defaultdict(list)
    opportunity_ids = [o.id for o in view.opportunities]
    if opportunity_ids:
        # One query for every opportunity's list, instead of one lazy load each.
        for row in uow.session.scalars(
            select(OpportunityPainPoint)
            .where(OpportunityPainPoint.opportunity_id.in_(opportunity_ids))
            .order_by(OpportunityPainPoint.position, OpportunityPainPoint.id)
        ):
            addressed[row.opportunity_id].append(row.pain_point_id)
    map_url, map_title = _map_link(uow, journey)
    return JourneyFacts(
        workspace_key=uow.workspace.key,
        journey_id=journey.id,
        journey_key=journey.key,
        journey_title=journey.title,
        map_url=map_url,
        map_title=map_title,
        opportunities=tuple(
            OpportunityFacts(
                id=o.id,
                key=o.key,
                title=o.title,
                description=o.description,
                customer_value=o.customer_value,
                business_value=o.business_value,
                effort=o.effort,
                owner=o.owner,
                due_date=o.due_date,
                pain_points=tuple(pains[p] for p in addressed[o.id] if p in pains),
            )
            for o in view.opportunities
        ),
    )
