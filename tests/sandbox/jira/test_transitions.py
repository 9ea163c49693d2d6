"""The default workflow through the real client: To Do -> In Progress -> Done."""

from __future__ import annotations

import pytest
from requests import HTTPError

from tests.sandbox.jira.conftest import Site, take_violations


def test_transitions_offer_the_other_statuses(site: Site) -> None:
    key = site.create("Workflow")

    offered = site.client.get_issue_transitions(key)
    full = site.client.get_issue_transitions_full(key)["transitions"]

    assert offered == [
        {"name": "In Progress", "id": 21, "to": "In Progress"},
        {"name": "Done", "id": 31, "to": "Done"},
    ]
    assert [t["to"]["statusCategory"]["key"] for t in full] == ["indeterminate", "done"]


def test_status_moves_and_resolution_follows(site: Site) -> None:
    key = site.create("Ship it")

    site.client.set_issue_status(key, "In Progress")  # sends the numeric transition id
    middle = site.client.get_issue(key, fields="status,resolution")["fields"]
    site.client.set_issue_status_by_transition_id(key, "31")
    done = site.client.get_issue(key, fields="status,resolution,resolutiondate")["fields"]
    site.client.set_issue_status(key, "To Do")
    reopened = site.client.get_issue(key, fields="status,resolution")["fields"]

    assert middle["status"]["name"] == "In Progress" and middle["resolution"] is None
    assert done["status"]["statusCategory"] == {
        "self": done["status"]["statusCategory"]["self"],
        "id": 3,
        "key": "done",
        "colorName": "green",
        "name": "Done",
    }
    assert done["resolution"]["name"] == "Done" and done["resolutiondate"]
    assert reopened["status"]["statusCategory"]["key"] == "new"
    assert reopened["resolution"] is None


def test_status_history_reads_back(site: Site) -> None:
    key = site.create("History")
    site.client.set_issue_status(key, "In Progress")
    site.client.set_issue_status(key, "Done")

    changes = site.client.get_issue_status_changelog(key)
    changelog = site.client.get_issue(key, fields="summary", expand="changelog")["changelog"]

    assert [(c["from"], c["to"]) for c in changes] == [
        ("To Do", "In Progress"),
        ("In Progress", "Done"),
    ]
    assert changelog["total"] == 2
    assert [i["field"] for i in changelog["histories"][1]["items"]] == ["status", "resolution"]


def test_a_transition_the_issue_cannot_take_is_refused(site: Site) -> None:
    key = site.create("Stuck")

    with pytest.raises(HTTPError) as same_status:
        site.client.set_issue_status_by_transition_id(key, "11")  # already in To Do
    with pytest.raises(HTTPError) as by_name:
        site.client.set_issue_status_by_transition_name(key, "Done")  # Jira needs the id

    assert same_status.value.response.status_code == 400
    assert "not valid for this issue" in same_status.value.response.json()["errorMessages"][0]
    assert by_name.value.response.status_code == 400
    assert [v["reason"] for v in take_violations(site.running)] == ["spec violation"]
    assert site.running.state.issue(key).status.name == "To Do"


def test_transition_fields_outside_the_screen_are_refused(site: Site) -> None:
    key = site.create("Resolve me")

    with pytest.raises(HTTPError) as refused:
        site.client.set_issue_status(key, "Done", fields={"resolution": {"name": "Fixed"}})
    site.client.set_issue_status(key, "Done", update={"labels": [{"add": "shipped"}]})

    assert "cannot be set" in refused.value.response.json()["errors"]["resolution"]
    assert len(take_violations(site.running)) == 1
    issue = site.running.state.issue(key)
    assert (issue.status.name, issue.labels) == ("Done", ["shipped"])
