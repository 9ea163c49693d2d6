"""The change items Jira writes into an issue's history (and into webhook changelogs)."""

from __future__ import annotations

from typing import Any, Protocol

from sandbox.jira.adf import adf_to_wiki
from sandbox.jira.model import ChangeItem, Description, Issue, Status
from sandbox.jira.workflow import DONE_RESOLUTION


class IssueLookup(Protocol):
    def find_issue(self, key_or_id: str) -> Issue | None: ...


def description_text(description: Description | None) -> str | None:
    """The wiki-markup form of a description (v2 representation, history strings)."""
    if description is None:
        return None
    if description.kind == "adf":
        return adf_to_wiki(description.value)
    return str(description.value)


def _parent_item(old: str | None, new: str | None, issues: IssueLookup) -> ChangeItem:
    def ident(key: str | None) -> str | None:
        found = issues.find_issue(key) if key else None
        return found.id if found else None

    return ChangeItem("IssueParentAssociation", "parent", ident(old), old, ident(new), new)


def change_items(issue: Issue, changes: dict[str, Any], issues: IssueLookup) -> list[ChangeItem]:
    """Items for the fields whose value really changes (summary, description, labels, parent)."""
    items: list[ChangeItem] = []
    for name, value in changes.items():
        if name == "summary" and value != issue.summary:
            items.append(ChangeItem("summary", "summary", None, issue.summary, None, value))
        elif name == "description" and value != issue.description:
            old, new = description_text(issue.description), description_text(value)
            items.append(ChangeItem("description", "description", None, old, None, new))
        elif name == "labels" and list(dict.fromkeys(value)) != issue.labels:
            old_text, new_text = " ".join(issue.labels), " ".join(dict.fromkeys(value))
            items.append(ChangeItem("labels", "labels", None, old_text, None, new_text))
        elif name == "parent_key" and value != issue.parent_key:
            items.append(_parent_item(issue.parent_key, value, issues))
    return items


def status_items(issue: Issue, status: Status) -> list[ChangeItem]:
    """The status item of a transition, plus the resolution item when it enters or leaves done."""
    items = [
        ChangeItem("status", "status", issue.status.id, issue.status.name, status.id, status.name)
    ]
    was_done = issue.status.category.key == "done"
    is_done = status.category.key == "done"
    if is_done and not was_done:
        items.append(
            ChangeItem("resolution", "resolution", None, None, DONE_RESOLUTION["id"], "Done")
        )
    elif was_done and not is_done:
        items.append(
            ChangeItem("resolution", "resolution", DONE_RESOLUTION["id"], "Done", None, None)
        )
    return items
