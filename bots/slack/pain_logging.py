"""Logging a mentioned pain point, and reading back what its confirmation shows."""

from sqlalchemy import select

from bots.slack.blocks.pain_point import LoggedPainPoint
from bots.slack.mention_syntax import LogPain
from bots.slack.places import Place, places_of
from core.enums import Impact, RecordType
from core.model import Journey, Link, PainPoint
from core.services.evidence import EvidenceInput, evidence_for
from core.services.pain_points import log_pain_point
from core.store import UnitOfWork

# The link ``journeyops sync confluence`` keeps from a journey to its page
# (connectors.confluence.sync.LINK_KIND; bots do not import connectors).
MAP_SYSTEM = "confluence"
MAP_LINK_KIND = "journey-map"


def log_mentioned(
    uow: UnitOfWork, journey: Journey, place: Place, request: LogPain, proof: EvidenceInput
) -> PainPoint:
    """Log ``request`` at ``place`` of ``journey`` with the message as its evidence.

    Raises:
        BadInput: see ``log_pain_point`` (the mention syntax keeps titles short already).
    """
    return log_pain_point(
        uow,
        journey.key,
        request.text,
        touchpoint_key=place.touchpoint.key if place.touchpoint is not None else None,
        stage_key=place.stage.key if place.touchpoint is None else None,
        impact=request.impact or Impact.WORKAROUND,
        evidence=proof,
    )


def map_url(uow: UnitOfWork, journey: Journey) -> str | None:
    """The journey's published Confluence page, when it has one."""
    link = uow.session.scalar(
        select(Link)
        .where(
            Link.record_type == RecordType.JOURNEY.value,
            Link.record_id == journey.id,
            Link.system == MAP_SYSTEM,
            Link.kind == MAP_LINK_KIND,
        )
        .order_by(Link.id)
    )
    if link is None:
        return None
    url = link.url or (link.state or {}).get("url")
    return str(url) if url else None


def pain_point_by_id(uow: UnitOfWork, pain_point_id: int) -> PainPoint | None:
    """The pain point ``pain_point_id`` of the unit of work's workspace (None elsewhere)."""
    return uow.session.scalar(select(PainPoint).where(PainPoint.id == pain_point_id))


def logged_view(
    uow: UnitOfWork, pain_point: PainPoint, thread_ts: str | None = None
) -> LoggedPainPoint:
    """What the confirmation of ``pain_point`` shows, read from the store."""
    journey = pain_point.journey
    permalink = next(
        (e.permalink for e in evidence_for(uow, pain_point) if e.permalink is not None), None
    )
    return LoggedPainPoint(
        pain_point_id=pain_point.id,
        title=pain_point.title,
        impact=pain_point.impact,
        journey_title=journey.title,
        place=Place(pain_point.stage, pain_point.touchpoint),
        places=places_of(journey),
        map_url=map_url(uow, journey),
        permalink=permalink,
        thread_ts=thread_ts,
    )
