"""JQL search through the real client: Cloud's /search/jql with nextPageToken paging, Data
Center's /search with startAt paging, and the refusals of each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from requests import HTTPError

from sandbox.jira import JiraState, RunningSandbox, serve_jira
from tests.sandbox.jira.conftest import (
    API_TOKEN,
    EMAIL,
    PAT,
    Site,
    cloud_client,
    dc_client,
    take_violations,
)


def keys(site: Site, jql: str) -> list[str]:
    """The keys a query finds, through the search each flavour's client uses."""
    if site.cloud:
        found = site.client.enhanced_jql_get_list_of_tickets(jql, fields=["summary"])
    else:
        found = site.client.jql_get_list_of_tickets(jql, fields="summary")
    return [issue["key"] for issue in found]


@pytest.fixture
def seeded(site: Site) -> Site:
    epic = site.create("Checkout epic", "Epic", labels=["journeyops", "journey-foo"])
    site.create("Fees", "Story", labels=["journeyops"], parent={"key": epic})
    site.create("Unrelated", "Bug")
    site.client.set_issue_property(epic, "journeyops", {"id": "opp-7", "tags": ["a", "b"]})
    site.client.set_issue_status(epic, "In Progress")
    return site


def test_the_queries_journeyops_makes(seeded: Site) -> None:
    assert keys(seeded, 'project = CX AND labels = "journeyops" ORDER BY key') == ["CX-1", "CX-2"]
    assert keys(seeded, 'labels = "journey-foo"') == ["CX-1"]
    assert keys(seeded, 'issue.property[journeyops].id = "opp-7"') == ["CX-1"]
    assert keys(seeded, "issue.property[journeyops].tags = b") == ["CX-1"]
    assert keys(seeded, "key in (CX-3, CX-1) ORDER BY key ASC") == ["CX-1", "CX-3"]
    assert keys(seeded, "parent = CX-1") == ["CX-2"]


def test_boolean_logic_and_ordering(seeded: Site) -> None:
    assert keys(seeded, "labels = journeyops OR issuetype = Bug ORDER BY key DESC") == [
        "CX-3",
        "CX-2",
        "CX-1",
    ]
    assert keys(seeded, "project = CX AND (labels = journey-foo OR type = Bug)") == ["CX-3", "CX-1"]
    assert keys(seeded, "project = CX AND labels != journey-foo") == ["CX-2"]  # not the empty one
    assert keys(seeded, "project = CX AND labels is EMPTY") == ["CX-3"]
    assert keys(seeded, "project = CX AND NOT statusCategory = new") == ["CX-1"]
    assert keys(seeded, 'status = "In Progress" AND summary ~ checkout') == ["CX-1"]


def test_cloud_pages_with_next_page_token(jira_cloud: RunningSandbox) -> None:
    client = cloud_client(jira_cloud)
    for n in range(5):
        client.create_issue(
            fields={"project": {"key": "CX"}, "issuetype": {"name": "Task"}, "summary": f"T{n}"}
        )

    first = client.enhanced_jql("project = CX ORDER BY key", fields="summary", limit=2)
    second = client.enhanced_jql(
        "project = CX ORDER BY key", fields="summary", limit=2, nextPageToken=first["nextPageToken"]
    )
    ids_only = client.enhanced_jql("project = CX", fields=None, limit=10)
    everything = client.enhanced_jql_get_list_of_tickets("project = CX", fields="key", limit=None)

    assert [i["key"] for i in first["issues"]] == ["CX-1", "CX-2"] and first["isLast"] is False
    assert [i["key"] for i in second["issues"]] == ["CX-3", "CX-4"]
    assert ids_only["issues"][0] == {"id": "10005"} and ids_only["isLast"] is True
    assert "nextPageToken" not in ids_only
    assert len(everything) == 5
    with pytest.raises(HTTPError):  # a token only fits the query it was made for
        client.enhanced_jql("labels = x", nextPageToken=first["nextPageToken"])
    assert [v["reason"] for v in take_violations(jira_cloud)] == ["paging"]


def test_datacenter_pages_with_start_at(jira_dc: RunningSandbox) -> None:
    client = dc_client(jira_dc)
    for n in range(5):
        client.create_issue(
            fields={"project": {"key": "CX"}, "issuetype": {"name": "Task"}, "summary": f"T{n}"}
        )

    page = client.jql("project = CX ORDER BY key", fields="summary", start=2, limit=2)
    default_order = client.jql("project = CX", fields="summary")

    assert (page["startAt"], page["maxResults"], page["total"]) == (2, 2, 5)
    assert [i["key"] for i in page["issues"]] == ["CX-3", "CX-4"]
    assert [i["key"] for i in default_order["issues"]][:2] == ["CX-5", "CX-4"]


def test_updated_since() -> None:
    now = [datetime(2026, 3, 1, 9, 0, tzinfo=UTC)]
    with serve_jira(
        flavour="datacenter", pat=PAT, state=JiraState(clock=lambda: now[0])
    ) as running:
        client = dc_client(running)
        fields = {"project": {"key": "CX"}, "issuetype": {"name": "Task"}}
        old = client.create_issue(fields=fields | {"summary": "Old"})["key"]
        now[0] += timedelta(days=3)
        client.create_issue(fields=fields | {"summary": "New"})
        now[0] += timedelta(hours=1)
        client.update_issue_field(old, {"summary": "Old, touched"})

        def found(jql: str) -> list[str]:
            return [i["key"] for i in client.jql(jql, fields="key")["issues"]]

        assert found('updated >= "2026-03-04 09:30" ORDER BY key') == ["CX-1"]
        assert found('created >= "2026/03/02" ORDER BY key') == ["CX-2"]
        assert found("created > -2d") == ["CX-2"]
        assert found("updated <= now() ORDER BY updated DESC") == ["CX-1", "CX-2"]
        assert found("updated < now()") == ["CX-2"]  # CX-1 was touched at this very instant
        assert running.state.violations == []


def test_refusals_jira_gives(site: Site) -> None:
    site.create("Only one")
    refused = {
        'updated >= "2026-03-04T09:30:00Z"': "Date value",  # ISO is not a JQL date
        "labels = ": "ended too early",
        "assignee = currentUser()": "does not exist",  # outside the sandbox's subset
        "key in (CX-1, CX-99)": "does not exist for field 'key'",
        "project = NOPE": "does not exist for the field 'project'",
    }
    for jql, message in refused.items():
        with pytest.raises(HTTPError) as error:
            keys(site, jql)
        assert error.value.response.status_code == 400, jql
        assert message in " ".join(error.value.response.json()["errorMessages"]), jql
    reasons = [v["reason"] for v in take_violations(site.running)]
    assert reasons == ["jql", "jql", "unsupported jql"]  # unknown keys/projects: data, not form


def test_cloud_refuses_unbounded_and_removed_search(jira_cloud: RunningSandbox) -> None:
    session = requests.Session()
    session.auth = (EMAIL, API_TOKEN)

    unbounded = session.get(f"{jira_cloud.url}/rest/api/3/search/jql", timeout=5)
    removed = session.get(f"{jira_cloud.url}/rest/api/3/search", params={"jql": "a=b"}, timeout=5)
    v2_jql = session.get(
        f"{jira_cloud.url}/rest/api/2/search/jql", params={"jql": "project = CX"}, timeout=5
    )

    assert unbounded.status_code == 400 and "Unbounded" in unbounded.json()["errorMessages"][0]
    assert removed.status_code == 410
    assert v2_jql.status_code == 200 and v2_jql.json() == {"issues": [], "isLast": True}
    assert [v["reason"] for v in take_violations(jira_cloud)] == ["jql", "removed endpoint"]


def test_datacenter_has_no_cloud_search(jira_dc: RunningSandbox) -> None:
    headers = {"Authorization": f"Bearer {PAT}"}
    params: dict[str, Any] = {"jql": "project = CX"}

    jql = requests.get(
        f"{jira_dc.url}/rest/api/2/search/jql", params=params, headers=headers, timeout=5
    )
    v3 = requests.get(
        f"{jira_dc.url}/rest/api/3/search/jql", params=params, headers=headers, timeout=5
    )

    assert (jql.status_code, v3.status_code) == (404, 404)
    assert len(take_violations(jira_dc)) == 2
