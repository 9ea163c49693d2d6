"""The JQL subset on its own: precedence, quoting, emptiness, dates, properties, refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sandbox.jira import jql, workflow
from sandbox.jira.errors import JiraError, SpecViolation
from sandbox.jira.state import JiraState

NOW = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def state() -> JiraState:
    state = JiraState(clock=lambda: NOW, indexed_properties=["journeyops"])
    project = state.project("CX")
    task = project.issue_types[2]
    a = state.create_issue(project, task, "Alpha", labels=["x", "y"])
    b = state.create_issue(project, task, 'Say "hi"', labels=["y"])
    c = state.create_issue(project, task, "Gamma")
    a.properties["journeyops"] = {"id": "opp-1", "score": 7, "open": True}
    b.properties["journeyops"] = {"id": "opp-2"}
    a.updated = NOW - timedelta(days=9)
    state.move_to(c, workflow.DONE_STATUS)
    return state


def found(state: JiraState, query: str) -> list[str]:
    parsed = jql.parse(query, state)
    return [i.key for i in state.live_issues() if parsed.matches(i)]


def test_and_binds_tighter_than_or(state: JiraState) -> None:
    assert found(state, "labels = x OR labels = y AND summary ~ gamma") == ["CX-1"]
    assert found(state, "(labels = x OR labels = y) AND NOT labels = x") == ["CX-2"]
    assert found(state, "NOT (labels = x OR labels = y)") == ["CX-3"]


def test_quoting_lists_and_emptiness(state: JiraState) -> None:
    assert found(state, r'summary ~ "say \"hi\""') == ["CX-2"]
    assert found(state, "labels in ('x', \"y\")") == ["CX-1", "CX-2"]
    assert found(state, "labels not in (x)") == ["CX-2"]
    assert found(state, "labels is not EMPTY") == ["CX-1", "CX-2"]
    assert found(state, "resolved is empty") == ["CX-1", "CX-2"]
    assert found(state, "statusCategory = Done") == ["CX-3"]


def test_dates_and_periods(state: JiraState) -> None:
    assert found(state, 'updated <= "-1w 2d"') == ["CX-1"]
    assert found(state, 'updated >= "2026/05/10"') == ["CX-2", "CX-3"]
    assert found(state, "resolved >= -1h") == ["CX-3"]


def test_entity_properties(state: JiraState) -> None:
    assert found(state, "issue.property[journeyops].id in (opp-1, opp-2)") == ["CX-1", "CX-2"]
    assert found(state, "issue.property[journeyops].score = 7") == ["CX-1"]
    assert found(state, "issue.property[journeyops].open = true") == ["CX-1"]
    assert found(state, "issue.property[journeyops].id is EMPTY") == ["CX-3"]
    with pytest.raises(JiraError, match="does not exist"):
        found(state, "issue.property[other].id = 1")  # not indexed


def test_order_by(state: JiraState) -> None:
    parsed = jql.parse("labels = y ORDER BY updated DESC, key", state)

    assert parsed.order == [("updated", True), ("key", False)]
    assert jql.parse("ORDER BY created", state).predicate is None


@pytest.mark.parametrize(
    "query",
    [
        "labels = x AND",
        "(labels = x",
        "labels == x",
        "labels = x ORDER created",
        "summary = Alpha",
        "labels = x ORDER BY votes",
        "sprint in openSprints()",
        'created > "10 May 2026"',
        "updated <= -1w 2d",  # a period with a space needs quotes
    ],
)
def test_refused_queries_are_violations(state: JiraState, query: str) -> None:
    with pytest.raises(SpecViolation):
        found(state, query)
