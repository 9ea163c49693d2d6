"""The records of the Jira sandbox: projects, issue types, statuses, issues and their parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class User:
    """The one account the sandbox acts as (Cloud shows ``account_id``, Data Center ``name``)."""

    account_id: str = "557058:f00dcafe-0000-4000-8000-5a4db0c5e001"
    name: str = "sandbox"
    display_name: str = "Sandbox User"
    email: str = "sandbox@example.com"


@dataclass(frozen=True)
class StatusCategory:
    id: int
    key: str  # "new" | "indeterminate" | "done"
    name: str
    color: str


@dataclass(frozen=True)
class Status:
    id: str
    name: str
    category: StatusCategory
    description: str = ""


@dataclass(frozen=True)
class Transition:
    id: str
    name: str
    to: Status


@dataclass(frozen=True)
class IssueType:
    id: str
    name: str
    hierarchy_level: int  # 1 epic, 0 standard, -1 sub-task
    description: str = ""

    @property
    def subtask(self) -> bool:
        return self.hierarchy_level < 0


@dataclass
class Project:
    id: str
    key: str
    name: str
    issue_types: list[IssueType]
    next_number: int = 1


@dataclass(frozen=True)
class Description:
    """A description as it was written: ``adf`` (a v3 document) or ``wiki`` (v2 markup)."""

    kind: str
    value: Any


@dataclass(frozen=True)
class ChangeItem:
    """One changed field of a history entry (Jira's ``ChangeDetails``)."""

    field: str
    field_id: str
    from_id: str | None
    from_string: str | None
    to_id: str | None
    to_string: str | None
    fieldtype: str = "jira"


@dataclass
class History:
    id: str
    created: datetime
    items: list[ChangeItem]


@dataclass
class RemoteLink:
    id: int
    object: dict[str, Any]
    global_id: str | None = None
    relationship: str | None = None
    application: dict[str, Any] | None = None


@dataclass
class Issue:
    id: str
    key: str
    project: Project
    issue_type: IssueType
    summary: str
    status: Status
    created: datetime
    updated: datetime
    description: Description | None = None
    labels: list[str] = field(default_factory=list)
    parent_key: str | None = None
    priority: str = "Medium"
    resolution_date: datetime | None = None
    status_changed: datetime | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    remote_links: list[RemoteLink] = field(default_factory=list)
    histories: list[History] = field(default_factory=list)


@dataclass(frozen=True)
class IssueEvent:
    """What changed, for webhooks: ``created``, ``updated`` (with ``items``) or ``deleted``.

    ``type_name`` is Jira's ``issue_event_type_name`` (issue_created, issue_updated,
    issue_generic for transitions, issue_deleted).
    """

    kind: str
    issue: Issue
    type_name: str
    history: History | None = None
