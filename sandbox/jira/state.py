"""The sandbox's in-memory Jira: projects, issues, their history, properties and links.

Every public method takes ``self.lock`` (re-entrant, from ``RequestJournal``), so request
threads can share one state. Changes are announced to ``listeners`` (the webhook sender)
as ``IssueEvent``s while the lock is held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sandbox.common.journal import RequestJournal
from sandbox.jira import workflow
from sandbox.jira.errors import JiraError
from sandbox.jira.history import change_items, status_items
from sandbox.jira.model import (
    Description,
    History,
    Issue,
    IssueEvent,
    IssueType,
    Project,
    Status,
    User,
)

KINDS = ("read", "issue_write", "property_write", "remotelink_write", "transition", "other")
NO_ISSUE = "Issue does not exist or you do not have permission to see it."
Listener = Callable[[IssueEvent], None]


def utc_now() -> datetime:
    return datetime.now(UTC)


class JiraState(RequestJournal):
    """All of the sandbox's Jira data plus what it has been asked (``RequestJournal``:
    ``requests``, ``violations``, ``counts()``, ``clear_requests()``).

    ``clock`` gives the time stamps (tests may replace it). ``indexed_properties`` names
    the issue property keys JQL can search (None: all), like an app's index declaration.
    """

    def __init__(
        self,
        *,
        project_key: str = "CX",
        project_name: str = "Customer Experience",
        project_id: str = "10000",
        clock: Callable[[], datetime] = utc_now,
        indexed_properties: Iterable[str] | None = None,
    ) -> None:
        super().__init__(KINDS)
        self.user = User()
        self.clock = clock
        self.indexed_properties = None if indexed_properties is None else set(indexed_properties)
        self.projects: dict[str, Project] = {}
        self.issues: dict[str, Issue] = {}
        self.listeners: list[Listener] = []
        self._next_issue_id = 10000
        self._next_history_id = 10100
        self._next_link_id = 10000
        self.add_project(project_key, project_name, project_id)

    # -- clock, events -----------------------------------------------------------------
    def now(self) -> datetime:
        """The clock's time, cut to milliseconds like Jira's time stamps."""
        moment = self.clock()
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)

    def emit(self, event: IssueEvent) -> None:
        with self.lock:
            for listener in list(self.listeners):
                listener(event)

    def new_link_id(self) -> int:
        with self.lock:
            self._next_link_id += 1
            return self._next_link_id

    # -- projects ----------------------------------------------------------------------
    def add_project(self, key: str, name: str, project_id: str) -> Project:
        with self.lock:
            project = Project(project_id, key, name, list(workflow.ISSUE_TYPES))
            self.projects[key] = project
            return project

    def find_project(self, key_or_id: str) -> Project | None:
        with self.lock:
            wanted = key_or_id.strip()
            for project in self.projects.values():
                if wanted in (project.id, project.key) or wanted.upper() == project.key:
                    return project
            return None

    def project(self, key_or_id: str) -> Project:
        """The project; 404 like Jira when there is none."""
        project = self.find_project(key_or_id)
        if project is None:
            raise JiraError(404, f"No project could be found with key '{key_or_id}'.")
        return project

    # -- issues ------------------------------------------------------------------------
    def find_issue(self, key_or_id: str) -> Issue | None:
        with self.lock:
            wanted = key_or_id.strip()
            found = self.issues.get(wanted.upper())
            if found is None and wanted.isdigit():
                found = next((i for i in self.issues.values() if i.id == wanted), None)
            return found

    def issue(self, key_or_id: str) -> Issue:
        """The issue; 404 like Jira when there is none."""
        issue = self.find_issue(key_or_id)
        if issue is None:
            raise JiraError(404, NO_ISSUE)
        return issue

    def live_issues(self) -> list[Issue]:
        """Every issue, oldest first."""
        with self.lock:
            return sorted(self.issues.values(), key=lambda i: int(i.id))

    def children(self, issue: Issue) -> list[Issue]:
        with self.lock:
            return [i for i in self.live_issues() if i.parent_key == issue.key]

    def create_issue(
        self,
        project: Project,
        issue_type: IssueType,
        summary: str,
        *,
        description: Description | None = None,
        labels: Iterable[str] = (),
        parent_key: str | None = None,
        properties: dict[str, Any] | None = None,
    ) -> Issue:
        """A new issue in the workflow's first status (fields already validated)."""
        with self.lock:
            self._next_issue_id += 1
            now = self.now()
            issue = Issue(
                id=str(self._next_issue_id),
                key=f"{project.key}-{project.next_number}",
                project=project,
                issue_type=issue_type,
                summary=summary,
                status=workflow.TO_DO,
                created=now,
                updated=now,
                description=description,
                labels=list(dict.fromkeys(labels)),
                parent_key=parent_key,
                status_changed=now,
                properties=dict(properties or {}),
            )
            project.next_number += 1
            self.issues[issue.key] = issue
            self.emit(IssueEvent("created", issue, "issue_created"))
            return issue

    def _history(self, issue: Issue, items: list[Any]) -> History:
        self._next_history_id += 1
        history = History(str(self._next_history_id), self.now(), items)
        issue.histories.append(history)
        issue.updated = history.created
        return history

    def change(self, issue: Issue, changes: dict[str, Any]) -> History | None:
        """Apply validated field changes (summary, description, labels, parent_key);
        records one history entry and announces ``issue_updated`` when anything changed."""
        with self.lock:
            items = change_items(issue, changes, self)
            if not items:
                return None
            for name, value in changes.items():
                setattr(issue, name, list(dict.fromkeys(value)) if name == "labels" else value)
            history = self._history(issue, items)
            self.emit(IssueEvent("updated", issue, "issue_updated", history))
            return history

    def transition(self, issue: Issue, transition_id: str) -> History:
        """Move the issue along the workflow; 400 like Jira for a transition it cannot take."""
        with self.lock:
            match = [t for t in workflow.available(issue.status) if t.id == str(transition_id)]
            if not match:
                raise JiraError(
                    400, f"Transition id '{transition_id}' is not valid for this issue."
                )
            return self.move_to(issue, match[0].to)

    def move_to(self, issue: Issue, status: Status) -> History:
        """Put the issue in ``status`` (resolution follows the done category)."""
        with self.lock:
            history = self._history(issue, status_items(issue, status))
            issue.status = status
            issue.status_changed = history.created
            done = status.category.key == "done"
            issue.resolution_date = history.created if done else None
            self.emit(IssueEvent("updated", issue, "issue_generic", history))
            return history

    def delete_issue(self, issue: Issue) -> None:
        """Delete the issue and its sub-tasks (announced as ``issue_deleted``)."""
        with self.lock:
            for child in self.children(issue):
                if child.issue_type.subtask:
                    self.delete_issue(child)
                else:
                    child.parent_key = None
            self.issues.pop(issue.key, None)
            self.emit(IssueEvent("deleted", issue, "issue_deleted"))
