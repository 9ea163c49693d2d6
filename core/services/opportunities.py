"""Opportunities raised from a pain point (the alert's "Create a Jira epic" button)."""

from sqlalchemy import func, select

from core.enums import RecordType
from core.model import Opportunity, OpportunityPainPoint, PainPoint
from core.slugs import free_slug, slugify
from core.store import UnitOfWork

RAISED_NOTE = "Raised from the pain point '{title}' ({evidence} evidence)."


def opportunity_for(uow: UnitOfWork, pain_point: PainPoint, evidence: int) -> Opportunity:
    """The first opportunity addressing ``pain_point``; when none does, a new one (status
    ``idea``, titled like the pain point, addressing only it, logged as
    ``opportunity.created``) so that a Jira sync turns it into an epic."""
    existing = uow.session.scalar(
        select(Opportunity)
        .join(OpportunityPainPoint, OpportunityPainPoint.opportunity_id == Opportunity.id)
        .where(OpportunityPainPoint.pain_point_id == pain_point.id)
        .order_by(Opportunity.position, Opportunity.id)
        .limit(1)
    )
    if existing is not None:
        return existing
    journey_id = pain_point.journey_id
    taken = set(
        uow.session.scalars(select(Opportunity.key).where(Opportunity.journey_id == journey_id))
    )
    key = free_slug(slugify(f"fix {pain_point.key}", max_length=72), taken)
    last = uow.session.scalar(
        select(func.max(Opportunity.position)).where(Opportunity.journey_id == journey_id)
    )
    opportunity = Opportunity(
        journey_id=journey_id,
        key=key,
        position=(last or 0) + 1,
        title=pain_point.title,
        description=RAISED_NOTE.format(title=pain_point.title, evidence=evidence),
        status="idea",
    )
    opportunity.addresses.append(OpportunityPainPoint(pain_point_id=pain_point.id, position=0))
    uow.session.add(opportunity)
    uow.session.flush()
    uow.record(
        "opportunity.created",
        RecordType.OPPORTUNITY,
        opportunity.id,
        journey_id=journey_id,
        data={"key": key, "title": opportunity.title, "pain_point": pain_point.key},
    )
    return opportunity
