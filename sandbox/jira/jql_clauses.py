"""What each supported JQL field means, with Jira's errors for unknown values.

Fields: project, labels, key/issuekey/id, parent, status, statusCategory, issuetype/type,
summary/description/text (``~``), created/updated/resolved, and entity properties
``issue.property[key].path``. ``!=`` and ``NOT IN`` never match an empty field, as in Jira.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sandbox.jira import workflow
from sandbox.jira.errors import JiraError, SpecViolation
from sandbox.jira.history import description_text
from sandbox.jira.jql_dates import moment
from sandbox.jira.model import Issue
from sandbox.jira.state import JiraState

Predicate = Callable[[Issue], bool]
_PROPERTY = re.compile(r"issue\.property\[(?P<key>[^\]]+)\](?:\.(?P<path>.+))?$", re.IGNORECASE)
_EQUALITY = ("=", "!=", "in", "not in")
_EMPTINESS = ("is", "is not")


@dataclass(frozen=True)
class Value:
    text: str
    quoted: bool = False
    function: bool = False

    @property
    def empty(self) -> bool:
        return not self.quoted and not self.function and self.text.lower() in ("empty", "null")


ORDER_KEYS: dict[str, Callable[[Issue], Any]] = {
    "key": lambda i: (i.project.key, int(i.key.rsplit("-", 1)[1])),
    "issuekey": lambda i: (i.project.key, int(i.key.rsplit("-", 1)[1])),
    "id": lambda i: int(i.id),
    "rank": lambda i: int(i.id),
    "created": lambda i: i.created,
    "updated": lambda i: i.updated,
    "summary": lambda i: i.summary.lower(),
    "status": lambda i: i.status.name,
    "priority": lambda i: 3,
}


def _unsupported(field: str, operator: str) -> SpecViolation:
    return SpecViolation(
        f"The operator '{operator}' is not supported by the '{field}' field.", reason="jql"
    )


def _unknown_value(field: str, value: str) -> JiraError:
    return JiraError(400, f"The value '{value}' does not exist for the field '{field}'.")


def _match_set(
    field: str, operator: str, values: list[Value], current: Callable[[Issue], set[str]]
) -> Predicate:
    """Equality operators over a multi-valued field (values already normalised)."""
    if operator in _EMPTINESS:
        if len(values) != 1 or not values[0].empty:
            raise SpecViolation(f"Expected EMPTY after IS for '{field}'.", reason="jql")
        return (lambda i: not current(i)) if operator == "is" else (lambda i: bool(current(i)))
    if operator not in _EQUALITY:
        raise _unsupported(field, operator)
    wanted = {v.text for v in values}
    if operator in ("=", "in"):
        return lambda i: bool(current(i) & wanted)
    return lambda i: bool(current(i)) and not current(i) & wanted


def _resolve(values: list[Value], resolve: Callable[[str], str]) -> list[Value]:
    return [v if v.empty else Value(resolve(v.text), v.quoted) for v in values]


def _issue_ids(state: JiraState, field: str) -> Callable[[str], str]:
    def resolve(text: str) -> str:
        found = state.find_issue(text)
        if found is None:
            raise JiraError(400, f"An issue with key '{text}' does not exist for field '{field}'.")
        return found.id

    return resolve


def _named(field: str, lookup: Callable[[str], Any]) -> Callable[[str], str]:
    def resolve(text: str) -> str:
        found = lookup(text)
        if found is None:
            raise _unknown_value(field, text)
        return str(found.id)

    return resolve


def _text(field: str, operator: str, values: list[Value]) -> Predicate:
    if operator not in ("~", "!~"):
        raise _unsupported(field, operator)
    words = values[0].text.lower().replace("*", "").split()

    def haystack(issue: Issue) -> str:
        parts = [issue.summary] if field in ("summary", "text") else []
        if field in ("description", "text"):
            parts.append(description_text(issue.description) or "")
        return " ".join(parts).lower()

    contains: Predicate = lambda i: all(w in haystack(i) for w in words)  # noqa: E731
    return contains if operator == "~" else (lambda i: not contains(i))


def _dates(state: JiraState, field: str, operator: str, values: list[Value]) -> Predicate:
    def stamp(issue: Issue) -> datetime | None:
        return {"created": issue.created, "updated": issue.updated}.get(
            field, issue.resolution_date
        )

    if operator in _EMPTINESS:
        return _match_set(field, operator, values, lambda i: {"x"} if stamp(i) else set())
    if operator in ("in", "not in", "~", "!~"):
        raise _unsupported(field, operator)
    when = moment(values[0], field, state.now())
    compare: dict[str, Callable[[datetime], bool]] = {
        "=": lambda d: d == when,
        "!=": lambda d: d != when,
        ">": lambda d: d > when,
        ">=": lambda d: d >= when,
        "<": lambda d: d < when,
        "<=": lambda d: d <= when,
    }
    return lambda i: (s := stamp(i)) is not None and compare[operator](s)


def _property_values(value: Any, path: str | None) -> set[str]:
    for part in path.split(".") if path else []:
        value = value.get(part) if isinstance(value, dict) else None
    items = value if isinstance(value, list) else [value]
    found = set()
    for item in items:
        if isinstance(item, bool):
            found.add(str(item).lower())
        elif isinstance(item, str | int | float):
            found.add(str(item))
    return found


def _property(state: JiraState, field: str, operator: str, values: list[Value]) -> Predicate:
    match = _PROPERTY.match(field)
    assert match is not None
    key, path = match.group("key"), match.group("path")
    indexed = state.indexed_properties
    if indexed is not None and key not in indexed:
        raise JiraError(
            400, f"Field '{field}' does not exist or you do not have permission to view it."
        )
    return _match_set(
        field, operator, values, lambda i: _property_values(i.properties.get(key), path)
    )


def clause(state: JiraState, field: str, operator: str, values: list[Value]) -> Predicate:
    """The predicate of one ``field operator value(s)`` clause."""
    name = field.lower()
    if name == "project":
        resolved = _resolve(values, _named("project", state.find_project))
        return _match_set(field, operator, resolved, lambda i: {i.project.id})
    if name == "labels":
        return _match_set(field, operator, values, lambda i: set(i.labels))
    if name in ("key", "issuekey", "id"):
        resolved = _resolve(values, _issue_ids(state, field))
        return _match_set(field, operator, resolved, lambda i: {i.id})
    if name == "parent":
        resolved = _resolve(values, lambda t: state.issue(t).key)
        return _match_set(field, operator, resolved, lambda i: {i.parent_key or ""} - {""})
    if name == "status":
        resolved = _resolve(values, _named("status", workflow.status_named))
        return _match_set(field, operator, resolved, lambda i: {i.status.id})
    if name == "statuscategory":
        resolved = _resolve(values, _named("statusCategory", workflow.category_named))
        return _match_set(field, operator, resolved, lambda i: {str(i.status.category.id)})
    if name in ("issuetype", "type"):

        def issue_type(text: str) -> Any:
            wanted = text.lower()
            return next((t for t in workflow.ISSUE_TYPES if wanted in (t.id, t.name.lower())), None)

        resolved = _resolve(values, _named("issuetype", issue_type))
        return _match_set(field, operator, resolved, lambda i: {i.issue_type.id})
    if name in ("summary", "description", "text"):
        return _text(name, operator, values)
    if name in ("created", "updated", "resolved", "resolutiondate"):
        return _dates(state, name, operator, values)
    if _PROPERTY.match(field):
        return _property(state, field, operator, values)
    raise SpecViolation(
        f"Field '{field}' does not exist or you do not have permission to view it "
        "(or the sandbox does not support it).",
        reason="unsupported jql",
    )
