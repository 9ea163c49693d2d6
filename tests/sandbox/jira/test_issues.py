"""Issues through the real client, both flavours: create, get, edit, labels, parents."""

from __future__ import annotations

import pytest
import requests
from requests import HTTPError

from sandbox.jira import RunningSandbox
from tests.sandbox.jira.conftest import API_TOKEN, EMAIL, PAT, Site, take_violations


def test_project_and_issue_types(site: Site) -> None:
    project = site.client.project("CX")
    meta = site.client.issue_createmeta_issuetypes("CX")

    # Cloud pages issue types as `issueTypes`, Data Center as `values`.
    types = meta["issueTypes"] if site.cloud else meta["values"]
    assert project["key"] == "CX" and project["id"] == "10000"
    assert [t["name"] for t in types] == ["Epic", "Story", "Task", "Bug", "Subtask"]
    assert {t["name"]: t["hierarchyLevel"] for t in project["issueTypes"]}["Epic"] == 1
    with pytest.raises(HTTPError) as missing:
        site.client.project("NOPE")
    assert missing.value.response.status_code == 404


def test_create_and_get_issue(site: Site) -> None:
    key = site.create(
        "Shipping cost shown too late",
        "Epic",
        description=site.description("Customers abandon at payment."),
        labels=["journeyops", "journey-checkout"],
    )

    issue = site.client.get_issue(key, fields="summary,description,labels,status,issuetype")
    fields = issue["fields"]

    assert key == "CX-1" and issue["key"] == key
    assert issue["self"].endswith(f"/rest/api/{site.version}/issue/{issue['id']}")
    assert fields["summary"] == "Shipping cost shown too late"
    assert fields["description"] == site.description("Customers abandon at payment.")
    assert fields["labels"] == ["journeyops", "journey-checkout"]
    assert fields["issuetype"]["name"] == "Epic"
    assert fields["status"]["statusCategory"]["key"] == "new"
    assert set(fields) == {"summary", "description", "labels", "status", "issuetype"}
    assert site.running.state.issue(key).summary == "Shipping cost shown too late"


def test_issue_with_all_fields_and_existence(site: Site) -> None:
    key = site.create("Find the fee")

    everything = site.client.issue(key)["fields"]

    assert {"project", "created", "updated", "priority", "reporter"} <= set(everything)
    assert everything["project"]["key"] == "CX"
    assert site.client.issue_exists(key) is True
    assert site.client.issue_exists("CX-999") is False


def test_epic_children_use_parent(site: Site) -> None:
    epic = site.create("Checkout epic", "Epic")
    story = site.create("Show fees early", "Story", parent={"key": epic})
    subtask = site.create("Copy change", "Subtask", parent={"key": story})

    story_fields = site.client.get_issue(story, fields="parent,subtasks")["fields"]

    assert story_fields["parent"]["key"] == epic
    assert [s["key"] for s in story_fields["subtasks"]] == [subtask]
    with pytest.raises(HTTPError) as wrong_level:
        site.create("Epic under a story", "Epic", parent={"key": story})
    assert wrong_level.value.response.status_code == 400
    assert "hierarchy" in wrong_level.value.response.json()["errors"]["parent"]
    take_violations(site.running)


def test_edit_fields_and_labels(site: Site) -> None:
    key = site.create("Old title", labels=["journeyops"])

    site.client.update_issue_field(key, {"summary": "New title"})
    site.client.edit_issue(key, {"labels": [{"add": "journey-foo"}, {"remove": "journeyops"}]})
    site.client.update_issue_field(key, {"description": site.description("Now with text")})

    issue = site.running.state.issue(key)
    assert issue.summary == "New title"
    assert issue.labels == ["journey-foo"]
    fields = site.client.get_issue(key, fields="description")["fields"]
    assert fields["description"] == site.description("Now with text")
    items = [i.field for h in issue.histories for i in h.items]
    assert items == ["summary", "labels", "description"]


def test_label_issue_uses_v2_which_cloud_also_serves(site: Site) -> None:
    key = site.create("Labelled")

    site.client.label_issue(key, ["journeyops"])  # always PUT /rest/api/2/issue/{key}

    assert site.running.state.issue(key).labels == ["journeyops"]
    assert site.running.state.requests[-1].path == f"/rest/api/2/issue/{key}"


def test_delete_issue(site: Site) -> None:
    key = site.create("Short-lived")

    site.client.delete_issue(key)

    assert site.running.state.find_issue(key) is None
    assert site.client.issue_exists(key) is False


def test_v3_refuses_a_wiki_string_description(jira_cloud: RunningSandbox) -> None:
    url = f"{jira_cloud.url}/rest/api/3/issue"
    body = {
        "fields": {
            "project": {"key": "CX"},
            "issuetype": {"name": "Task"},
            "summary": "Plain text",
            "description": "not ADF",
        }
    }
    answer = requests.post(url, json=body, auth=(EMAIL, API_TOKEN), timeout=5)
    bad_adf = body | {"fields": body["fields"] | {"description": {"type": "doc", "content": 1}}}
    invalid = requests.post(url, json=bad_adf, auth=(EMAIL, API_TOKEN), timeout=5)

    assert answer.status_code == 400
    assert "Atlassian Document" in answer.json()["errors"]["description"]
    assert invalid.status_code == 400
    assert [v["reason"] for v in take_violations(jira_cloud)] == ["field", "field"]
    assert jira_cloud.state.issues == {}


def test_v2_refuses_an_adf_description(jira_dc: RunningSandbox) -> None:
    adf = {"type": "doc", "version": 1, "content": []}
    body = {
        "fields": {
            "project": {"key": "CX"},
            "issuetype": {"name": "Task"},
            "summary": "Object description",
            "description": adf,
        }
    }
    headers = {"Authorization": f"Bearer {PAT}"}

    answer = requests.post(f"{jira_dc.url}/rest/api/2/issue", json=body, headers=headers, timeout=5)

    assert answer.status_code == 400
    assert answer.json()["errors"] == {"description": "Operation value must be a string"}
    assert len(take_violations(jira_dc)) == 1


def test_adf_and_wiki_convert_between_versions(jira_cloud: RunningSandbox) -> None:
    doc = {
        "type": "doc",
        "version": 1,
        "content": [
            {
                "type": "heading",
                "attrs": {"level": 2},
                "content": [{"type": "text", "text": "Why"}],
            },
            {
                "type": "paragraph",
                "content": [
                    {"type": "text", "text": "Fees ", "marks": [{"type": "strong"}]},
                    {
                        "type": "text",
                        "text": "map",
                        "marks": [{"type": "link", "attrs": {"href": "https://x.test/m"}}],
                    },
                ],
            },
        ],
    }
    headers = {"Accept": "application/json"}
    auth = (EMAIL, API_TOKEN)
    create = {
        "fields": {
            "project": {"key": "CX"},
            "issuetype": {"name": "Task"},
            "summary": "Rich",
            "description": doc,
        }
    }
    key = requests.post(
        f"{jira_cloud.url}/rest/api/3/issue", json=create, auth=auth, timeout=5
    ).json()["key"]

    v2 = requests.get(
        f"{jira_cloud.url}/rest/api/2/issue/{key}", auth=auth, headers=headers, timeout=5
    )

    assert v2.json()["fields"]["description"] == "h2. Why\n\n*Fees *[map|https://x.test/m]"


def test_fields_jira_would_not_set_are_violations(site: Site) -> None:
    with pytest.raises(HTTPError) as unknown:
        site.create("Has a typo", fixVersionz=[{"name": "1.0"}])
    key = site.create("Fine")
    with pytest.raises(HTTPError) as status_edit:
        site.client.update_issue_field(key, {"status": {"name": "Done"}})
    with pytest.raises(HTTPError) as no_summary:
        site.client.create_issue(fields={"project": {"key": "CX"}, "issuetype": {"name": "Task"}})

    assert "cannot be set" in unknown.value.response.json()["errors"]["fixVersionz"]
    assert "cannot be set" in status_edit.value.response.json()["errors"]["status"]
    assert "summary" in no_summary.value.response.json()["errors"]
    assert len(take_violations(site.running)) == 3
