"""The default workflow every sandbox project uses: To Do -> In Progress -> Done.

Like Jira's simplified workflow, each status can move to each other one; a transition is
named after the status it leads to. Status categories carry Jira's keys and ids.
"""

from __future__ import annotations

from sandbox.jira.model import IssueType, Status, StatusCategory, Transition

NEW = StatusCategory(2, "new", "To Do", "blue-gray")
INDETERMINATE = StatusCategory(4, "indeterminate", "In Progress", "yellow")
DONE = StatusCategory(3, "done", "Done", "green")
CATEGORIES = (NEW, INDETERMINATE, DONE)

TO_DO = Status("10000", "To Do", NEW, "Work that has not been started.")
IN_PROGRESS = Status("3", "In Progress", INDETERMINATE, "The issue is currently being worked on.")
DONE_STATUS = Status("10001", "Done", DONE, "Work has been completed on this issue.")
STATUSES = (TO_DO, IN_PROGRESS, DONE_STATUS)

TRANSITIONS = (
    Transition("11", "To Do", TO_DO),
    Transition("21", "In Progress", IN_PROGRESS),
    Transition("31", "Done", DONE_STATUS),
)

DONE_RESOLUTION = {
    "id": "10000",
    "name": "Done",
    "description": "Work has been completed on this issue.",
}

ISSUE_TYPES = (
    IssueType("10000", "Epic", 1, "A big user story that needs to be broken down."),
    IssueType("10001", "Story", 0, "Functionality or a feature expressed as a user goal."),
    IssueType("10002", "Task", 0, "A small, distinct piece of work."),
    IssueType("10003", "Bug", 0, "A problem or error."),
    IssueType("10004", "Subtask", -1, "A small piece of work that's part of a larger task."),
)


def available(current: Status) -> list[Transition]:
    """The transitions an issue in ``current`` may take (every other status)."""
    return [t for t in TRANSITIONS if t.to.id != current.id]


def status_named(name_or_id: str) -> Status | None:
    wanted = name_or_id.strip().lower()
    return next((s for s in STATUSES if wanted in (s.id, s.name.lower())), None)


def category_named(name_key_or_id: str) -> StatusCategory | None:
    wanted = name_key_or_id.strip().lower()
    return next((c for c in CATEGORIES if wanted in (str(c.id), c.key, c.name.lower())), None)
