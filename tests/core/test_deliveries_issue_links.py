"""A tracker issue's status and deletion reach the opportunity or pain point linked to it."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.enums import RecordType
from core.model import Event, Link, Opportunity, PainPoint
from core.services.issue_links import (
    IssueOutcome,
    apply_issue_status,
    apply_issue_status_change,
    issue_links,
    record_issue_deleted,
)
from core.services.links import link_record
from core.store import UnitOfWork

T0 = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


def opportunity(uow: UnitOfWork) -> Opportunity:
    return uow.session.scalars(
        select(Opportunity).where(Opportunity.key == "delivery-cost-in-basket")
    ).one()


def pain(uow: UnitOfWork, key: str = "hidden-delivery-cost") -> PainPoint:
    return uow.session.scalars(select(PainPoint).where(PainPoint.key == key)).one()


def epic(uow: UnitOfWork, key: str = "CX-1") -> Link:
    return link_record(
        uow,
        RecordType.OPPORTUNITY,
        opportunity(uow).id,
        system="jira",
        kind="epic",
        external_id=key,
    )


def actions(uow: UnitOfWork) -> list[str]:
    uow.session.flush()
    return list(uow.session.scalars(select(Event.action).order_by(Event.id)))


def test_links_are_found_by_key_then_by_issue_id(uow: UnitOfWork, checkout: str) -> None:
    link = epic(uow, "CX-1")
    link.state = {"id": "10001"}
    link_record(
        uow, RecordType.TOUCHPOINT, 1, system="jira", kind="issue", external_id="CX-1"
    )  # a touchpoint's ticket has no status to take
    link_record(uow, RecordType.OPPORTUNITY, 1, system="github", kind="issue", external_id="CX-1")
    uow.session.flush()

    assert issue_links(uow, "jira", "CX-1") == [link]
    assert issue_links(uow, "jira", "ABC-7", "10001") == [link], "moved to another project"
    assert issue_links(uow, "jira", "ABC-7", "10002") == []
    assert issue_links(uow, "jira", "ABC-7") == []


def test_an_epic_done_moves_its_opportunity_and_ships_its_pain_points(
    uow: UnitOfWork, checkout: str
) -> None:
    link = epic(uow)
    assert apply_issue_status(uow, link, "done", changed_at=T0) is IssueOutcome.CHANGED
    assert opportunity(uow).status == "done"
    assert pain(uow).status == "fix_shipped"
    assert actions(uow)[-2:] == ["opportunity.status_changed", "pain_point.fix_shipped"]
    assert link.remote_changed_at is not None

    assert apply_issue_status(uow, link, "done", changed_at=T0) is IssueOutcome.UNCHANGED
    assert actions(uow)[-1] == "pain_point.fix_shipped"


def test_an_older_change_arriving_late_is_stale(uow: UnitOfWork, checkout: str) -> None:
    link = epic(uow)
    apply_issue_status(uow, link, "done", changed_at=T0)
    count = len(actions(uow))

    late = apply_issue_status(uow, link, "indeterminate", changed_at=T0 - timedelta(seconds=5))

    assert late is IssueOutcome.STALE
    assert opportunity(uow).status == "done"
    assert len(actions(uow)) == count
    newer = apply_issue_status(uow, link, "indeterminate", changed_at=T0 + timedelta(seconds=5))
    assert newer is IssueOutcome.CHANGED and opportunity(uow).status == "in_progress"


def test_a_pain_points_own_issue_only_moves_it_forward(uow: UnitOfWork, checkout: str) -> None:
    link = link_record(
        uow, RecordType.PAIN_POINT, pain(uow).id, system="jira", kind="issue", external_id="CX-2"
    )
    assert apply_issue_status(uow, link, "new") is IssueOutcome.UNCHANGED
    assert apply_issue_status(uow, link, "indeterminate") is IssueOutcome.CHANGED
    assert pain(uow).status == "in_progress"
    assert apply_issue_status(uow, link, "done") is IssueOutcome.CHANGED
    assert pain(uow).status == "fix_shipped"
    assert apply_issue_status(uow, link, "indeterminate") is IssueOutcome.UNCHANGED
    assert pain(uow).status == "fix_shipped"
    assert actions(uow)[-2:] == ["pain_point.updated", "pain_point.fix_shipped"]


def test_a_decision_made_here_is_kept(uow: UnitOfWork, checkout: str) -> None:
    pain(uow).status = "wont_fix"
    link = link_record(
        uow, RecordType.PAIN_POINT, pain(uow).id, system="jira", kind="issue", external_id="CX-2"
    )
    assert apply_issue_status(uow, link, "done") is IssueOutcome.UNCHANGED
    assert pain(uow).status == "wont_fix"


def test_a_deleted_issue_marks_its_link_and_deletes_nothing(uow: UnitOfWork, checkout: str) -> None:
    link = epic(uow)
    link.state = {"id": "10001"}

    assert record_issue_deleted(uow, link, at=T0) is True
    assert record_issue_deleted(uow, link, at=T0) is False

    uow.session.expire_all()
    [kept] = issue_links(uow, "jira", "CX-1")
    assert kept.state["deleted"] is True and kept.state["id"] == "10001"
    assert opportunity(uow).status == "planned"
    event = uow.session.scalars(select(Event).where(Event.action == "link.remote_deleted")).one()
    assert (event.record_type, event.record_id) == ("opportunity", opportunity(uow).id)
    assert event.journey_id == opportunity(uow).journey_id
    assert event.data == {"system": "jira", "kind": "epic", "external_id": "CX-1"}
    assert apply_issue_status(uow, kept, "done") is IssueOutcome.GONE
    assert opportunity(uow).status == "planned"


def test_only_a_change_of_category_is_applied(uow: UnitOfWork, checkout: str) -> None:
    link = epic(uow)
    opportunity(uow).status = "in_progress"  # people started before the epic existed

    first = apply_issue_status_change(uow, link, "new", changed_at=T0)
    assert first is IssueOutcome.UNCHANGED, "a fresh epic in To Do is not a change"
    assert opportunity(uow).status == "in_progress"
    assert link.state["status_category"] == "new"

    moved = apply_issue_status_change(uow, link, "done", changed_at=T0 + timedelta(minutes=1))
    assert moved is IssueOutcome.CHANGED and opportunity(uow).status == "done"

    opportunity(uow).status = "in_progress"  # reopened here
    edited = apply_issue_status_change(uow, link, "done", changed_at=T0 + timedelta(minutes=2))
    assert edited is IssueOutcome.UNCHANGED, "an edit in Jira does not re-apply its status"
    assert opportunity(uow).status == "in_progress"


def test_a_stale_change_is_not_remembered(uow: UnitOfWork, checkout: str) -> None:
    link = epic(uow)
    apply_issue_status_change(uow, link, "done", changed_at=T0)

    late = apply_issue_status_change(uow, link, "indeterminate", changed_at=T0 - timedelta(1))

    assert late is IssueOutcome.STALE
    assert link.state["status_category"] == "done"
    assert opportunity(uow).status == "done"
