"""Read the ``fields`` and ``update`` of create, edit and transition requests the way Jira
does: which fields may be set, what each value must look like in REST v2 and v3."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.jira.adf import adf_problems
from sandbox.jira.errors import SpecViolation, field_error, not_settable
from sandbox.jira.model import Description, Issue, IssueType, Project
from sandbox.jira.state import JiraState

EDITABLE = ("summary", "description", "labels", "parent")
MAX_SUMMARY = 255
MAX_LABEL = 255
ADF_REQUIRED = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"


@dataclass
class NewIssue:
    project: Project
    issue_type: IssueType
    summary: str
    changes: dict[str, Any] = field(default_factory=dict)
    properties: dict[str, Any] = field(default_factory=dict)


def description(value: Any, version: int) -> Description | None:
    """v3 takes an ADF document, v2 a wiki-markup string; ``null`` clears it."""
    if value is None:
        return None
    if version >= 3:
        if not isinstance(value, dict):
            raise field_error("description", ADF_REQUIRED, "v3 description is not an ADF document")
        problems = adf_problems(value)
        if problems:
            raise field_error("description", ADF_REQUIRED, "invalid ADF: " + "; ".join(problems))
        return Description("adf", value)
    if not isinstance(value, str):
        raise field_error("description", "Operation value must be a string")
    return Description("wiki", value)


def summary(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise field_error("summary", "You must specify a summary of the issue.")
    if len(value) > MAX_SUMMARY:
        raise field_error("summary", f"Summary must be less than {MAX_SUMMARY} characters.")
    if "\n" in value or "\r" in value:
        raise field_error(
            "summary", "The summary is invalid because it contains newline characters."
        )
    return value


def label(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise field_error("labels", "Labels must be non-empty strings.")
    if any(ch.isspace() for ch in value):
        raise field_error("labels", f"The label '{value}' contains spaces which is invalid.")
    if len(value) > MAX_LABEL:
        raise field_error("labels", f"The label '{value[:20]}...' exceeds {MAX_LABEL} characters.")
    return value


def labels(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise field_error("labels", "data was not an array")
    return [label(v) for v in value]


def _reference(value: Any, name: str) -> str:
    if isinstance(value, dict):
        for key in ("key", "id", "name"):
            if isinstance(value.get(key), str | int):
                return str(value[key])
    raise field_error(name, f"Specify a valid {name} by key, id or name.")


def parent(state: JiraState, value: Any, issue_type: IssueType) -> str | None:
    """The parent's key; Jira's hierarchy: a parent is one level above its child."""
    if value is None:
        return None
    found = state.find_issue(_reference(value, "parent"))
    if found is None:
        raise field_error("parent", "Could not find issue by id or key.")
    if found.issue_type.hierarchy_level != issue_type.hierarchy_level + 1:
        raise field_error(
            "parent", "Given parent work item does not belong to appropriate hierarchy."
        )
    return found.key


def _value(state: JiraState, name: str, value: Any, version: int, issue_type: IssueType) -> Any:
    if name == "summary":
        return summary(value)
    if name == "description":
        return description(value, version)
    if name == "labels":
        return labels(value)
    return parent(state, value, issue_type)


def _apply_operations(
    state: JiraState, current: dict[str, Any], update: Any, version: int, issue_type: IssueType
) -> None:
    """``update``: labels take add/remove/set; the other fields take set."""
    if not isinstance(update, dict):
        raise SpecViolation("update must be an object")
    for name, operations in update.items():
        if name not in EDITABLE:
            raise not_settable(name)
        for operation in operations:
            for verb, value in operation.items():
                if name == "labels" and verb in ("add", "remove"):
                    labels_now = list(current.get("labels", []))
                    if verb == "add" and label(value) not in labels_now:
                        labels_now.append(value)
                    elif verb == "remove" and value in labels_now:
                        labels_now.remove(value)
                    current["labels"] = labels_now
                elif verb == "set":
                    current[name] = _value(state, name, value, version, issue_type)
                else:
                    raise field_error(name, f"Operation '{verb}' is not supported for {name}.")


def _changes(
    state: JiraState,
    body: dict[str, Any],
    version: int,
    issue_type: IssueType,
    current: dict[str, Any],
    allowed: tuple[str, ...],
) -> dict[str, Any]:
    given = body.get("fields") or {}
    update = body.get("update") or {}
    for name in set(given) & set(update):
        raise field_error(name, f"Field '{name}' cannot be set in both fields and update.")
    changes: dict[str, Any] = {}
    for name, value in given.items():
        if name not in allowed:
            raise not_settable(name)
        if name in EDITABLE:
            changes[name] = _value(state, name, value, version, issue_type)
    merged = {**current, **changes}
    _apply_operations(state, merged, update, version, issue_type)
    changes.update({k: v for k, v in merged.items() if k in update})
    return {("parent_key" if k == "parent" else k): v for k, v in changes.items()}


def properties(body: dict[str, Any]) -> dict[str, Any]:
    """The ``properties`` (EntityProperty list) a create or edit request sets."""
    found: dict[str, Any] = {}
    for entry in body.get("properties") or []:
        if not entry.get("key") or "value" not in entry:
            raise field_error("properties", "Each property needs a key and a value.")
        found[str(entry["key"])] = entry["value"]
    return found


def new_issue(state: JiraState, body: dict[str, Any], version: int) -> NewIssue:
    """What ``POST /issue`` asks for, validated (project, type, summary, hierarchy)."""
    given = body.get("fields") or {}
    project = state.find_project(_reference(given.get("project"), "project"))
    if project is None:
        raise field_error("project", "Specify a valid project ID or key")
    wanted = _reference(given.get("issuetype"), "issuetype")
    issue_type = next((t for t in project.issue_types if wanted in (t.id, t.name)), None)
    if issue_type is None:
        raise field_error("issuetype", "Specify an issue type")
    allowed = ("project", "issuetype", *EDITABLE)
    changes = _changes(state, body, version, issue_type, {"labels": []}, allowed)
    if "summary" not in changes:
        raise field_error("summary", "You must specify a summary of the issue.")
    if issue_type.subtask and not changes.get("parent_key"):
        raise field_error("parent", "Sub-tasks must be created with a parent.")
    return NewIssue(project, issue_type, changes.pop("summary"), changes, properties(body))


def edits(state: JiraState, issue: Issue, body: dict[str, Any], version: int) -> dict[str, Any]:
    """The field changes a ``PUT /issue/{key}`` (or a transition's fields) asks for."""
    current = {"labels": list(issue.labels)}
    changes = _changes(state, body, version, issue.issue_type, current, EDITABLE)
    if changes.get("parent_key") == issue.key:
        raise field_error("parent", "An issue cannot be its own parent.")
    return changes
