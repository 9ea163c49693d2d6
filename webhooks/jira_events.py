"""What each Jira webhook event does to the journeys, in one database transaction.

``jira:issue_updated`` applies the issue's status category to the opportunity (epic) or
pain point linked to it; ``jira:issue_deleted`` marks those links deleted. Other events,
and payloads without an issue, are ignored without touching the database; an issue
nobody linked costs the delivery id's row and changes nothing. Nothing here calls Jira:
a change that came from Jira is logged with origin jira and never sent back.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from core.enums import Origin
from core.model import Link
from core.services.deliveries import first_delivery
from core.services.issue_links import (
    IssueOutcome,
    apply_issue_status_change,
    issue_links,
    record_issue_deleted,
)
from core.store import Store, UnitOfWork

SOURCE = SYSTEM = "jira"
ACTOR_LIMIT = 200  # the event log's actor column


class Outcome(StrEnum):
    """What a delivery did; the webhook answers it in its body."""

    IGNORED = "ignored"  # an event, or an issue, we do not follow
    DUPLICATE = "duplicate"  # this delivery was applied before
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    STALE = "stale"  # older than a change applied already
    DELETED = "deleted"


@dataclass(frozen=True)
class IssueEvent:
    """The parts of a ``jira:issue_*`` payload we use."""

    key: str
    issue_id: str | None
    category: str | None  # fields.status.statusCategory.key
    actor: str
    changed_at: datetime | None


def read_issue_event(payload: dict[str, Any]) -> IssueEvent | None:
    """The issue event in ``payload``; None when it names no issue key."""
    issue = payload.get("issue")
    if not isinstance(issue, dict) or not isinstance(issue.get("key"), str) or not issue["key"]:
        return None
    issue_id = issue.get("id")
    return IssueEvent(
        key=issue["key"],
        issue_id=str(issue_id) if isinstance(issue_id, str | int) else None,
        category=_status_category(issue),
        actor=_actor(payload.get("user")),
        changed_at=_timestamp(payload.get("timestamp")),
    )


def apply_jira_event(
    store: Store, workspace: str, payload: dict[str, Any], delivery_id: str
) -> Outcome:
    """Apply one verified, parsed Jira webhook ``payload`` to ``workspace``, once per
    ``delivery_id``: the id is recorded in the same transaction as the change.

    Raises only for the database being unusable (the sender then retries).
    """
    handler = HANDLERS.get(str(payload.get("webhookEvent")))
    event = read_issue_event(payload) if handler else None
    if handler is None or event is None:
        return Outcome.IGNORED
    with store.unit_of_work(workspace, actor=event.actor, origin=Origin.JIRA) as uow:
        # The insert comes first: from it on this transaction holds the delivery id (and,
        # on SQLite, the write lock), so what it reads next is what it changes.
        if not first_delivery(uow, SOURCE, delivery_id):
            return Outcome.DUPLICATE
        links = issue_links(uow, SYSTEM, event.key, event.issue_id)
        if not links:
            return Outcome.IGNORED
        return handler(uow, event, links)


def issue_updated(uow: UnitOfWork, event: IssueEvent, links: list[Link]) -> Outcome:
    if event.category is None:
        return Outcome.UNCHANGED
    outcomes = {
        apply_issue_status_change(uow, link, event.category, changed_at=event.changed_at)
        for link in links
    }
    if IssueOutcome.CHANGED in outcomes:
        return Outcome.CHANGED
    return Outcome.STALE if outcomes == {IssueOutcome.STALE} else Outcome.UNCHANGED


def issue_deleted(uow: UnitOfWork, event: IssueEvent, links: list[Link]) -> Outcome:
    marked = [record_issue_deleted(uow, link, at=event.changed_at) for link in links]
    return Outcome.DELETED if any(marked) else Outcome.UNCHANGED


HANDLERS: dict[str, Callable[[UnitOfWork, IssueEvent, list[Link]], Outcome]] = {
    "jira:issue_updated": issue_updated,
    "jira:issue_deleted": issue_deleted,
}


def _status_category(issue: dict[str, Any]) -> str | None:
    node: Any = issue
    for name in ("fields", "status", "statusCategory", "key"):
        node = node.get(name) if isinstance(node, dict) else None
    return node if isinstance(node, str) else None


def _actor(user: Any) -> str:
    """``jira:<accountId>`` on Cloud, ``jira:<username>`` on Data Center."""
    if isinstance(user, dict):
        for field in ("accountId", "name", "displayName"):
            value = user.get(field)
            if isinstance(value, str) and value:
                return f"jira:{value}"[:ACTOR_LIMIT]
    return SYSTEM


def _timestamp(value: Any) -> datetime | None:
    """The payload's ``timestamp`` (ms since the epoch) as a UTC datetime."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None
