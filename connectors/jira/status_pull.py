"""Delivery status flowing back without webhooks: ``sync jira`` reads the status category
of every issue of ours (the run's one search already brought it) and applies the ones
that changed since the last pull, exactly as the Jira webhook would
(``core.services.issue_links.apply_issue_status``: an epic moves its opportunity, and when
it is done the pain points it addresses become fix_shipped; a pain point's own issue moves
the pain point forward).

Only changes flow back: an issue we just created sits in its workflow's first status, and
pulling that would drag an in-progress opportunity back to planned. So the first time the
pull sees an issue in the ``new`` category it only remembers it. The changes are logged
with the unit of work's origin, ``jira``; status is not in any fingerprint, so nothing
pulled from Jira is ever written back to it.
"""

import logging

from sqlalchemy import func, select

from connectors.jira.remote_issue import RemoteIssue
from core.enums import OpportunityStatus, RecordType
from core.model import Link, Opportunity, OpportunityPainPoint, PainPoint
from core.services.delivery import CATEGORY_STATUS, SHIPPABLE
from core.services.issue_links import PAIN_MOVES_FROM, PAIN_STATUS, IssueOutcome, apply_issue_status
from core.store import UnitOfWork

logger = logging.getLogger(__name__)


def _expected(uow: UnitOfWork, link: Link, category: str) -> str:
    """What applying ``category`` to ``link``'s record changes, in words ("" for nothing)."""
    if link.record_type == RecordType.OPPORTUNITY.value:
        opportunity = uow.session.get(Opportunity, link.record_id)
        target = CATEGORY_STATUS.get(category)
        if (
            opportunity is None
            or target is None
            or opportunity.status == OpportunityStatus.DROPPED.value
        ):
            return ""
        parts = []
        if opportunity.status != target.value:
            parts.append(f"opportunity {opportunity.status} -> {target.value}")
        if target is OpportunityStatus.DONE:
            shipped = uow.session.scalar(
                select(func.count(PainPoint.id))
                .join(OpportunityPainPoint, OpportunityPainPoint.pain_point_id == PainPoint.id)
                .where(
                    OpportunityPainPoint.opportunity_id == opportunity.id,
                    PainPoint.status.in_(SHIPPABLE),
                )
            )
            if shipped:
                parts.append(f"{shipped} pain point(s) -> fix_shipped")
        return "; ".join(parts)
    pain_point = uow.session.get(PainPoint, link.record_id)
    moved_to = PAIN_STATUS.get(category)
    if pain_point is None or moved_to is None or pain_point.status not in PAIN_MOVES_FROM[moved_to]:
        return ""
    return f"pain point {pain_point.status} -> {moved_to.value}"


def pull_status(uow: UnitOfWork, link: Link, issue: RemoteIssue, *, dry_run: bool = False) -> str:
    """Apply the status category Jira reports for ``link``'s issue when it changed since
    the last pull; what changed (with ``dry_run``: what would), in words, "" for nothing.

    ``uow`` must have origin ``jira``. With ``dry_run`` nothing is changed, not even the
    category the link remembers.
    """
    category = issue.status_category
    seen = (link.state or {}).get("status_category")
    if category is None or category == seen or (link.state or {}).get("deleted"):
        return ""
    if seen is None and category == "new":  # just created (or adopted): not a change
        if not dry_run:
            link.state = {**link.state, "status_category": category}
        return ""
    expected = _expected(uow, link, category)
    if dry_run:
        return f"Jira {category}: would set {expected}" if expected else ""
    link.state = {**link.state, "status_category": category}
    outcome = apply_issue_status(uow, link, category, changed_at=issue.status_changed_at)
    logger.info(
        "jira.status.pulled",
        extra={"issue": issue.key, "category": category, "outcome": outcome.value},
    )
    if outcome is not IssueOutcome.CHANGED:
        return ""
    return f"Jira {category}: {expected or 'applied'}"
