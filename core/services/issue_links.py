"""What a tracker issue's changes do to the records linked to it.

An opportunity is linked to its epic (kind ``epic``, or ``issue`` when a journey file says
so), a pain point to the issue that fixes it (kind ``issue``). The link's
``external_id`` is the issue key and ``state["id"]`` the issue id when the sync knows it.
``remote_changed_at`` holds the far side's time of the newest change applied, so an older
change arriving late (senders deliver out of order, and replay) cannot undo a newer one.
"""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import bindparam, select

from core.enums import PainStatus, RecordType
from core.model import Link, Opportunity, PainPoint, utcnow
from core.services.delivery import apply_delivery_status
from core.store import UnitOfWork

TRACKED = (RecordType.OPPORTUNITY.value, RecordType.PAIN_POINT.value)
# FOR UPDATE (PostgreSQL; SQLite's one writer is serialized anyway): two changes of one
# issue arriving at once are applied one after the other, each seeing the other's time.
LINKS_BY_KEY = (
    select(Link)
    .where(
        Link.system == bindparam("system"),
        Link.external_id == bindparam("key"),
        Link.record_type.in_(TRACKED),
    )
    .order_by(Link.id)
    .with_for_update()
)
# The key changes when an issue moves to another project; its id never does.
LINKS_BY_ISSUE_ID = (
    select(Link)
    .where(
        Link.system == bindparam("system"),
        Link.state["id"].as_string() == bindparam("issue_id"),
        Link.record_type.in_(TRACKED),
    )
    .order_by(Link.id)
    .with_for_update()
)
OPPORTUNITY_BY_ID = select(Opportunity).where(Opportunity.id == bindparam("id"))
PAIN_POINT_BY_ID = select(PainPoint).where(PainPoint.id == bindparam("id"))
# A pain point's own issue only moves it forward; reopening is for a person to judge.
PAIN_STATUS = {"indeterminate": PainStatus.IN_PROGRESS, "done": PainStatus.FIX_SHIPPED}
PAIN_MOVES_FROM = {
    PainStatus.IN_PROGRESS: (PainStatus.OPEN.value,),
    PainStatus.FIX_SHIPPED: (PainStatus.OPEN.value, PainStatus.IN_PROGRESS.value),
}


class IssueOutcome(StrEnum):
    CHANGED = "changed"  # the linked record moved
    UNCHANGED = "unchanged"  # it already had that status (a repeat, or another field)
    STALE = "stale"  # a newer change of the issue was applied already
    GONE = "gone"  # the link is marked deleted; nothing applied


def issue_links(uow: UnitOfWork, system: str, key: str, issue_id: str | None = None) -> list[Link]:
    """The links from opportunities and pain points to the issue ``key`` of ``system``;
    by ``issue_id`` (in ``Link.state``) when none names the key.

    The rows are locked until the unit of work ends, so read them where they are changed.
    """
    params = {"system": system, "key": key}
    links = list(uow.session.scalars(LINKS_BY_KEY, params))
    if not links and issue_id:
        links = list(uow.session.scalars(LINKS_BY_ISSUE_ID, {**params, "issue_id": issue_id}))
    return links


def apply_issue_status(
    uow: UnitOfWork, link: Link, category: str, *, changed_at: datetime | None = None
) -> IssueOutcome:
    """Apply the status category (new / indeterminate / done) of ``link``'s issue to the
    linked record: an opportunity through ``apply_delivery_status``; a pain point moves
    to in_progress or fix_shipped, never back.

    ``changed_at`` is when the issue changed on the far side; a change older than the
    newest one applied to this link is skipped (STALE). Changes are logged in the event
    log with the unit of work's origin.
    """
    if link.state.get("deleted"):
        return IssueOutcome.GONE
    if changed_at is not None:
        if _older_than_applied(link, changed_at):
            return IssueOutcome.STALE
        _note_remote_change(link, _utc(changed_at))
    if link.record_type == RecordType.OPPORTUNITY.value:
        with uow.session.no_autoflush:  # the link's new state is written with the rest
            opportunity = uow.session.scalar(OPPORTUNITY_BY_ID, {"id": link.record_id})
        if opportunity is None:
            return IssueOutcome.UNCHANGED
        change = apply_delivery_status(uow, opportunity, category, issue_key=link.external_id)
        return IssueOutcome.CHANGED if change.changed else IssueOutcome.UNCHANGED
    with uow.session.no_autoflush:
        pain_point = uow.session.scalar(PAIN_POINT_BY_ID, {"id": link.record_id})
    if pain_point is None or not _move_pain_point(uow, pain_point, category, link.external_id):
        return IssueOutcome.UNCHANGED
    return IssueOutcome.CHANGED


def apply_issue_status_change(
    uow: UnitOfWork, link: Link, category: str, *, changed_at: datetime | None = None
) -> IssueOutcome:
    """Apply ``category`` only when it differs from the one last seen for ``link``'s issue
    (``state["status_category"]``, shared with ``sync jira``'s status pull), and remember it.

    Jira reports the current status with every change of an issue (a new summary, our own
    sync's edits), and re-applying it would undo what people changed here since. An issue
    first seen in the ``new`` category is only remembered: a freshly created epic does not
    drag an opportunity back to planned. Otherwise as ``apply_issue_status``.
    """
    if link.state.get("deleted"):
        return IssueOutcome.GONE
    if changed_at is not None and _older_than_applied(link, changed_at):
        return IssueOutcome.STALE
    seen = link.state.get("status_category")
    if category != seen:
        link.state = {**link.state, "status_category": category}
    if category == seen or (seen is None and category == "new"):
        if changed_at is not None:
            _note_remote_change(link, _utc(changed_at))
        return IssueOutcome.UNCHANGED
    return apply_issue_status(uow, link, category, changed_at=changed_at)


def record_issue_deleted(uow: UnitOfWork, link: Link, *, at: datetime | None = None) -> bool:
    """Mark ``link``'s issue as deleted on the far side and log ``link.remote_deleted``.

    The link and the record stay (they may hold what people captured); ``state`` gains
    ``deleted: true`` and ``deleted_at``. Returns False when it was marked already.
    """
    if link.state.get("deleted"):
        return False
    moment = _utc(at or utcnow())
    link.state = {**link.state, "deleted": True, "deleted_at": moment.isoformat()}
    _note_remote_change(link, moment)
    record: Opportunity | PainPoint | None = (
        uow.session.scalar(OPPORTUNITY_BY_ID, {"id": link.record_id})
        if link.record_type == RecordType.OPPORTUNITY.value
        else uow.session.scalar(PAIN_POINT_BY_ID, {"id": link.record_id})
    )
    uow.record(
        "link.remote_deleted",
        RecordType(link.record_type),
        link.record_id,
        journey_id=record.journey_id if record is not None else None,
        data={"system": link.system, "kind": link.kind, "external_id": link.external_id},
    )
    uow.session.flush()
    return True


def _move_pain_point(uow: UnitOfWork, pain_point: PainPoint, category: str, key: str) -> bool:
    target = PAIN_STATUS.get(category)
    if target is None or pain_point.status not in PAIN_MOVES_FROM[target]:
        return False
    before, pain_point.status = pain_point.status, target.value
    data: dict[str, object]
    if target is PainStatus.FIX_SHIPPED:
        action, data = "pain_point.fix_shipped", {"issue": key, "from": before}
    else:
        action, data = "pain_point.updated", {"issue": key, "status": [before, target.value]}
    uow.record(
        action, RecordType.PAIN_POINT, pain_point.id, journey_id=pain_point.journey_id, data=data
    )
    uow.session.flush()
    return True


def _older_than_applied(link: Link, changed_at: datetime) -> bool:
    known = link.remote_changed_at
    return known is not None and _utc(changed_at) < _utc(known)


def _note_remote_change(link: Link, moment: datetime) -> None:
    if link.remote_changed_at is None or moment > _utc(link.remote_changed_at):
        link.remote_changed_at = moment


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
