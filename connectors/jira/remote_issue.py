"""Issues as Jira answers them, reduced to what the sync (and the ticket pull) needs."""

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


@dataclass(frozen=True)
class RemoteTicket:
    """An issue read as a support ticket: what evidence needs of it.

    Attributes:
        description: plain text (ADF on Cloud reduced to its text; wiki markup on Data
            Center as written), "" when there is none.
        reporter: the reporter's display name, if Jira shows one.
        status: the status name ("Waiting for support" ...), if reported.
    """

    id: str
    key: str
    summary: str
    description: str
    reporter: str | None
    created: datetime | None
    status: str | None


# ADF nodes after which a line ends, so paragraphs and list items stay apart as text.
_ADF_BLOCKS = {"paragraph", "heading", "listItem", "blockquote", "codeBlock", "tableRow", "rule"}


def adf_text(node: Any) -> str:
    """The text of an ADF document (Jira Cloud's description format), blocks on lines."""
    parts: list[str] = []

    def walk(item: Any) -> None:
        if not isinstance(item, dict):
            return
        kind = item.get("type")
        attrs = item.get("attrs") or {}
        if kind == "text":
            parts.append(str(item.get("text") or ""))
        elif kind == "hardBreak":
            parts.append("\n")
        elif kind in ("mention", "emoji", "status"):
            parts.append(str(attrs.get("text") or attrs.get("shortName") or ""))
        elif kind in ("inlineCard", "blockCard"):
            parts.append(str(attrs.get("url") or ""))
        for child in item.get("content") or []:
            walk(child)
        if kind in _ADF_BLOCKS and parts and not parts[-1].endswith("\n"):
            parts.append("\n")

    walk(node)
    lines = "".join(parts).splitlines()
    return "\n".join(line.rstrip() for line in lines).strip()


def remote_ticket(item: dict[str, Any]) -> RemoteTicket:
    """An issue bean of a ticket search (fields summary, description, reporter, created,
    status), Cloud or Data Center."""
    fields = item.get("fields") or {}
    description = fields.get("description")
    if isinstance(description, dict):
        text = adf_text(description)
    else:
        text = str(description or "").strip()
    reporter = (fields.get("reporter") or {}).get("displayName")
    status = (fields.get("status") or {}).get("name")
    return RemoteTicket(
        id=str(item["id"]),
        key=str(item["key"]),
        summary=str(fields.get("summary") or ""),
        description=text,
        reporter=str(reporter) if reporter else None,
        created=_jira_time(fields.get("created")),
        status=str(status) if status else None,
    )
