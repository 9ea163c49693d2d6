"""Issue properties and remote links through the real client, both flavours."""

from __future__ import annotations

import pytest
import requests
from requests import HTTPError

from sandbox.jira import RunningSandbox
from tests.sandbox.jira.conftest import API_TOKEN, EMAIL, Site, take_violations


def test_property_lifecycle(site: Site) -> None:
    key = site.create("Marked")

    site.client.set_issue_property(key, "journeyops", {"id": "opp-1", "v": 1})
    first = [r for r in site.running.state.requests if r.kind == "property_write"]
    site.client.set_issue_property(key, "journeyops", {"id": "opp-1", "v": 2})
    value = site.client.get_issue_property(key, "journeyops")
    listed = site.client.get_issue_property_keys(key)
    on_issue = site.client.get_issue(key, fields="summary", properties="journeyops")
    site.client.delete_issue_property(key, "journeyops")

    assert len(first) == 1
    assert value == {"key": "journeyops", "value": {"id": "opp-1", "v": 2}}
    assert [k["key"] for k in listed["keys"]] == ["journeyops"]
    assert on_issue["properties"] == {"journeyops": {"id": "opp-1", "v": 2}}
    assert site.running.state.issue(key).properties == {}
    with pytest.raises(HTTPError) as gone:
        site.client.get_issue_property(key, "journeyops")
    assert gone.value.response.status_code == 404


def test_property_answers_created_then_ok(jira_cloud: RunningSandbox) -> None:
    session = requests.Session()
    session.auth = (EMAIL, API_TOKEN)
    created = session.post(
        f"{jira_cloud.url}/rest/api/3/issue",
        json={"fields": {"project": {"key": "CX"}, "issuetype": {"name": "Task"}, "summary": "P"}},
        timeout=5,
    ).json()
    url = f"{jira_cloud.url}/rest/api/3/issue/{created['key']}/properties/journeyops"

    first = session.put(url, json={"id": 1}, timeout=5)
    again = session.put(url, json={"id": 2}, timeout=5)
    too_big = session.put(url, json={"blob": "x" * 40000}, timeout=5)

    assert (first.status_code, again.status_code, too_big.status_code) == (201, 200, 400)
    assert len(take_violations(jira_cloud)) == 1


def test_properties_can_be_set_at_creation(site: Site) -> None:
    body = {"project": {"key": "CX"}, "issuetype": {"name": "Epic"}, "summary": "Atomic"}
    marker = [{"key": "journeyops", "value": {"id": "opp-9"}}]

    created = site.client.post(
        f"rest/api/{site.version}/issue", data={"fields": body, "properties": marker}
    )

    assert site.running.state.issue(created["key"]).properties == {"journeyops": {"id": "opp-9"}}


def test_remote_links_upsert_by_global_id(site: Site) -> None:
    key = site.create("Linked")

    first = site.client.create_or_update_issue_remote_links(
        key,
        "https://wiki.test/p/1",
        "Journey map",
        global_id="journeyops:map:1",
        relationship="documents",
    )
    second = site.client.create_or_update_issue_remote_links(
        key, "https://wiki.test/p/1?v=2", "Journey map v2", global_id="journeyops:map:1"
    )
    other = site.client.create_or_update_issue_remote_links(key, "https://slack.test/t", "Thread")
    listed = site.client.get_issue_remote_links(key)
    one = site.client.get_issue_remote_links(key, global_id="journeyops:map:1")

    assert first["id"] == second["id"] != other["id"]
    assert [link["object"]["title"] for link in listed] == ["Journey map v2", "Thread"]
    assert one["object"]["url"] == "https://wiki.test/p/1?v=2"
    assert "relationship" not in one  # a POST replaces the whole link, as in Jira
    writes = [r for r in site.running.state.requests if r.kind == "remotelink_write"]
    assert len(writes) == 3


def test_remote_link_by_id(site: Site) -> None:
    key = site.create("Linked")
    link = site.client.create_or_update_issue_remote_links(
        key, "https://a.test", "A", global_id="g"
    )

    site.client.update_issue_remote_link_by_id(
        key, link["id"], "https://b.test", "B", global_id="g"
    )
    fetched = site.client.get_issue_remote_link_by_id(key, link["id"])
    site.client.delete_issue_remote_link_by_id(key, link["id"])

    assert fetched["object"] == {"url": "https://b.test", "title": "B"}
    assert site.running.state.issue(key).remote_links == []
    with pytest.raises(HTTPError) as missing:
        site.client.get_issue_remote_links(key, global_id="g")
    assert missing.value.response.status_code == 404


def test_misspelt_remote_link_key_is_a_violation(jira_cloud: RunningSandbox) -> None:
    session = requests.Session()
    session.auth = (EMAIL, API_TOKEN)
    fields = {"project": {"key": "CX"}, "issuetype": {"name": "Task"}, "summary": "L"}
    key = session.post(
        f"{jira_cloud.url}/rest/api/3/issue", json={"fields": fields}, timeout=5
    ).json()["key"]

    answer = session.post(
        f"{jira_cloud.url}/rest/api/3/issue/{key}/remotelink",
        json={"globalID": "g", "object": {"url": "https://a.test", "title": "A"}},
        timeout=5,
    )

    assert answer.status_code == 400
    assert "globalID" in take_violations(jira_cloud)[0]["detail"]
    assert jira_cloud.state.issue(key).remote_links == []
