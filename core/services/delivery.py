"""Delivery status flowing back from the tracker (Jira) into the journey.

One function, used by the Jira webhook and by ``sync jira``'s status pull alike, so both
paths change the same things in the same way and log the same events.
"""

from dataclasses import dataclass, field

from sqlalchemy import bindparam, select

from core.enums import OpportunityStatus, PainStatus, RecordType
from core.model import Opportunity, OpportunityPainPoint, PainPoint
from core.store import UnitOfWork

# Jira's status categories (statusCategory.key) onto our opportunity statuses.
CATEGORY_STATUS = {
    "new": OpportunityStatus.PLANNED,
    "indeterminate": OpportunityStatus.IN_PROGRESS,
    "done": OpportunityStatus.DONE,
}
# Pain points a shipped fix moves on; resolved / won't-fix ones were decided by a person.
SHIPPABLE = (PainStatus.OPEN.value, PainStatus.IN_PROGRESS.value)
# Built once (webhooks apply one status per request): the open pain points an opportunity
# addresses.
SHIPPABLE_ADDRESSED = (
    select(PainPoint)
    .join(OpportunityPainPoint, OpportunityPainPoint.pain_point_id == PainPoint.id)
    .where(
        OpportunityPainPoint.opportunity_id == bindparam("opportunity"),
        PainPoint.status.in_(SHIPPABLE),
    )
    .order_by(PainPoint.id)
)


@dataclass
class StatusChange:
    """What applying a delivery status changed (nothing, when both lists are empty)."""

    opportunity_status: str | None = None  # the new status, when it moved
    fixed_pain_points: list[int] = field(default_factory=list)  # now fix_shipped

    @property
    def changed(self) -> bool:
        return self.opportunity_status is not None or bool(self.fixed_pain_points)


def apply_delivery_status(
    uow: UnitOfWork, opportunity: Opportunity, category: str, *, issue_key: str | None = None
) -> StatusChange:
    """Move ``opportunity`` to the status matching a Jira status ``category``.

    When the work is done, the open pain points it addresses become ``fix_shipped``.
    An unknown category, or the status the opportunity already has, changes nothing, so
    a repeated delivery or pull writes nothing. A ``dropped`` opportunity stays dropped:
    that was somebody's decision here, not the tracker's.

    Returns:
        What changed; each change is in the event log with the unit of work's origin.
    """
    result = StatusChange()
    target = CATEGORY_STATUS.get(category)
    if target is None or opportunity.status == OpportunityStatus.DROPPED.value:
        return result
    data = {"issue": issue_key} if issue_key else {}
    # Read before changing anything: one flush, at commit, writes every change at once.
    addressed = []
    if target is OpportunityStatus.DONE:
        with uow.session.no_autoflush:  # pending changes need no write before this read
            addressed = list(
                uow.session.scalars(SHIPPABLE_ADDRESSED, {"opportunity": opportunity.id})
            )
    if opportunity.status != target.value:
        before = opportunity.status
        opportunity.status = target.value
        result.opportunity_status = target.value
        uow.record(
            "opportunity.status_changed",
            RecordType.OPPORTUNITY,
            opportunity.id,
            journey_id=opportunity.journey_id,
            data={**data, "from": before, "to": target.value},
        )
    for pain in addressed:
        before = pain.status
        pain.status = PainStatus.FIX_SHIPPED.value
        result.fixed_pain_points.append(pain.id)
        uow.record(
            "pain_point.fix_shipped",
            RecordType.PAIN_POINT,
            pain.id,
            journey_id=pain.journey_id,
            data={**data, "from": before, "opportunity": opportunity.id},
        )
    return result
