"""Issues as Jira answers them, reduced to what the sync needs."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class IssueRef:
    """A created issue: Jira's id (stable) and key (changes when the issue moves)."""

    id: str
    key: str


@dataclass(frozen=True)
class RemoteIssue:
    """An issue as a search or a read reports it.

    Attributes:
        status_category: ``new``, ``indeterminate`` or ``done`` (None if not reported).
        status_changed_at: when the issue last changed status category, if reported.
        properties: the issue properties that were asked for, by key; None when the answer
            did not carry them (then ``JiraClient.property`` reads one).
    """

    id: str
    key: str
    status_category: str | None
    status_changed_at: datetime | None
    labels: frozenset[str]
    parent_key: str | None
    properties: dict[str, Any] | None


def _jira_time(value: Any) -> datetime | None:
    """Jira's ``2024-01-15T10:30:00.000+0000``; None when absent or unreadable."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def remote_issue(item: dict[str, Any]) -> RemoteIssue:
    """An issue bean of a search or a read, as far as the sync needs it."""
    fields = item.get("fields") or {}
    category = ((fields.get("status") or {}).get("statusCategory") or {}).get("key")
    properties = item.get("properties")
    return RemoteIssue(
        id=str(item["id"]),
        key=str(item["key"]),
        status_category=str(category) if category else None,
        status_changed_at=_jira_time(fields.get("statuscategorychangedate")),
        labels=frozenset(str(label) for label in fields.get("labels") or []),
        parent_key=(fields.get("parent") or {}).get("key"),
        properties=dict(properties) if isinstance(properties, dict) else None,
    )
