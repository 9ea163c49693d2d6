"""The body of a Jira issue webhook (``atlassian/jira/webhooks.md``): envelope, the acting
user, the issue in its REST v2 representation and, on updates, the changelog."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sandbox.jira.model import ChangeItem, History, Issue
from sandbox.jira.shapes_issue import IssueSource, change_item_shape, issue_bean
from sandbox.jira.shapes_meta import user_shape
from sandbox.jira.sites import Site

EVENTS = ("jira:issue_created", "jira:issue_updated", "jira:issue_deleted")
TYPE_NAMES = {
    "jira:issue_created": "issue_created",
    "jira:issue_updated": "issue_updated",
    "jira:issue_deleted": "issue_deleted",
}


def issue_payload(
    event: str,
    issue: Issue,
    source: IssueSource,
    site: Site,
    *,
    timestamp_ms: int,
    type_name: str | None = None,
    changelog_id: str | None = None,
    items: Iterable[ChangeItem] = (),
) -> dict[str, Any]:
    """A ``jira:issue_*`` payload; ``site`` should be the v2 one (webhooks speak v2)."""
    if event not in EVENTS:
        raise ValueError(f"event must be one of {EVENTS}, not {event!r}")
    bean = issue_bean(issue, source, site.at_version(2))
    bean.pop("expand", None)
    payload: dict[str, Any] = {
        "timestamp": timestamp_ms,
        "webhookEvent": event,
        "issue_event_type_name": type_name or TYPE_NAMES[event],
        "user": user_shape(source.user, site.at_version(2)),
        "issue": bean,
    }
    changes = list(items)
    if event == "jira:issue_updated":
        payload["changelog"] = {
            "id": changelog_id or "0",
            "items": [change_item_shape(i) for i in changes],
        }
    return payload


def history_payload(
    event: str,
    issue: Issue,
    source: IssueSource,
    site: Site,
    *,
    timestamp_ms: int,
    type_name: str,
    history: History | None,
) -> dict[str, Any]:
    """The payload for a state change that has (or, on create/delete, lacks) a history entry."""
    return issue_payload(
        event,
        issue,
        source,
        site,
        timestamp_ms=timestamp_ms,
        type_name=type_name,
        changelog_id=history.id if history else None,
        items=history.items if history else (),
    )
