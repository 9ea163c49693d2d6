"""What every request goes through: credentials, the spec check, faults and the request log."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import requests
from atlassian import Jira
from requests import HTTPError

from sandbox.common.specs import SPECS_ENV
from sandbox.jira import (
    KINDS,
    JiraState,
    RunningSandbox,
    SpecsNotFoundError,
    routes_meta,
    serve_jira,
)
from sandbox.jira.specs import specs_dir
from tests.sandbox.jira.conftest import (
    API_TOKEN,
    EMAIL,
    PAT,
    Site,
    cloud_client,
    session_for,
    take_violations,
)

NEW_TASK = {"project": {"key": "CX"}, "issuetype": {"name": "Task"}, "summary": "Gate"}


def _myself(running: RunningSandbox, **options: Any) -> int:
    version = 3 if running.flavour == "cloud" else 2
    url = f"{running.url}/rest/api/{version}/myself"
    return requests.get(url, timeout=5, **options).status_code


def test_credentials(jira_cloud: RunningSandbox, jira_dc: RunningSandbox) -> None:
    assert _myself(jira_cloud, auth=(EMAIL, API_TOKEN)) == 200
    assert _myself(jira_cloud, auth=(EMAIL, "wrong")) == 401
    assert _myself(jira_cloud, headers={"Authorization": f"Bearer {API_TOKEN}"}) == 401
    assert _myself(jira_dc, headers={"Authorization": f"Bearer {PAT}"}) == 200
    assert _myself(jira_dc, headers={"Authorization": "Bearer wrong"}) == 401
    assert _myself(jira_dc, auth=("admin", PAT)) == 401  # no password login configured
    wrong = Jira(url=jira_cloud.url, username=EMAIL, password="wrong", cloud=True, api_version=3)
    with pytest.raises(HTTPError, match="401"):
        wrong.project("CX")


def test_datacenter_password_login_and_context_path() -> None:
    with serve_jira(
        flavour="datacenter", username="admin", password="s3cret", context_path="/jira"
    ) as running:
        client = Jira(url=running.url, username="admin", password="s3cret", cloud=False)
        me = client.myself()
        outside = requests.get(
            f"{running.root_url}/rest/api/2/myself", auth=("admin", "s3cret"), timeout=5
        )

        assert running.url.endswith("/jira")
        assert (me["name"], me["displayName"]) == ("sandbox", "Sandbox User")
        assert outside.status_code == 404
        assert running.state.violations == []


def test_misspelt_top_level_key_is_a_violation(site: Site) -> None:
    url = f"{site.running.url}/rest/api/{site.version}/issue"

    answer = session_for(site.running).post(url, json={"fieldz": NEW_TASK}, timeout=5)

    assert answer.status_code == 400
    violation = take_violations(site.running)[0]
    assert violation["reason"] == "spec violation" and "fieldz" in violation["detail"]
    assert answer.json()["sandbox"] == "spec violation"
    assert site.running.state.issues == {}


def test_unknown_and_unemulated_paths(jira_cloud: RunningSandbox, jira_dc: RunningSandbox) -> None:
    client = cloud_client(jira_cloud)
    key = client.create_issue(fields=NEW_TASK)["key"]
    session = requests.Session()
    session.auth = (EMAIL, API_TOKEN)

    comments = session.get(f"{jira_cloud.url}/rest/api/3/issue/{key}/comment", timeout=5)
    bogus = session.get(f"{jira_cloud.url}/rest/api/3/bogus", timeout=5)
    v3_on_dc = requests.get(
        f"{jira_dc.url}/rest/api/3/myself", headers={"Authorization": f"Bearer {PAT}"}, timeout=5
    )

    assert (comments.status_code, bogus.status_code, v3_on_dc.status_code) == (501, 404, 404)
    assert [v["reason"] for v in take_violations(jira_cloud)] == ["not emulated", "spec violation"]
    assert len(take_violations(jira_dc)) == 1


def test_throttling_with_retry_after(jira_cloud: RunningSandbox) -> None:
    client = cloud_client(jira_cloud)
    jira_cloud.faults.throttle_next(1, retry_after=0, path_prefix="/rest/api/3/project")
    raw = requests.get(
        f"{jira_cloud.url}/rest/api/3/project/CX", auth=(EMAIL, API_TOKEN), timeout=5
    )
    jira_cloud.faults.throttle_next(1, retry_after=0, path_prefix="/rest/api/3/project")

    project = client.project("CX")  # the client waits Retry-After and retries once
    jira_cloud.faults.throttle_next(2, retry_after=0)
    with pytest.raises(HTTPError) as twice:
        client.project("CX")

    assert raw.status_code == 429 and raw.headers["Retry-After"] == "0"
    assert project["key"] == "CX"
    assert twice.value.response.status_code == 429
    assert len([r for r in jira_cloud.state.requests if r.path.endswith("/project/CX")]) == 5


def test_server_errors_and_matching(site: Site) -> None:
    site.running.faults.fail_next(1, status=503, method="POST", path_prefix="/rest/api")

    project = site.client.project("CX")  # a GET: the POST-only fault lets it through
    with pytest.raises(HTTPError) as failed:
        site.create("Lost")
    site.running.faults.fail_next(1, status=502)
    with pytest.raises(HTTPError) as bad_gateway:
        site.client.project("CX")
    site.create("Kept")

    assert project["key"] == "CX"
    assert failed.value.response.status_code == 503
    assert bad_gateway.value.response.status_code == 502
    assert [i.summary for i in site.running.state.live_issues()] == ["Kept"]


def test_latency_and_delay(jira_cloud: RunningSandbox) -> None:
    client = cloud_client(jira_cloud)
    jira_cloud.faults.set_latency(20)
    jira_cloud.faults.delay_next(1, delay_ms=60)

    started = time.monotonic()
    client.project("CX")
    client.project("CX")
    elapsed = time.monotonic() - started

    assert elapsed >= 0.1
    jira_cloud.faults.clear()
    assert jira_cloud.faults.latency_ms == 0


def test_dropped_connection(site: Site) -> None:
    site.running.faults.drop_next(1)

    with pytest.raises(requests.ConnectionError):
        site.client.project("CX")

    assert site.client.project("CX")["key"] == "CX"


def test_request_log_counts_by_kind(site: Site) -> None:
    key = site.create("Counted")
    site.client.get_issue(key)
    site.client.update_issue_field(key, {"summary": "Counted again"})
    site.client.set_issue_property(key, "journeyops", {"id": 1})
    site.client.create_or_update_issue_remote_links(key, "https://a.test", "A")
    site.client.set_issue_status(key, "Done")  # one read of the transitions, then the POST
    site.client.jql("project = CX", fields="key")
    site.client.myself()

    counts = site.running.state.counts()

    assert tuple(counts) == KINDS
    assert counts == {
        "read": 4,
        "issue_write": 2,
        "property_write": 1,
        "remotelink_write": 1,
        "transition": 1,
        "other": 0,
    }
    assert b'"summary": "Counted again"' in site.running.state.requests[2].body
    site.running.state.clear_requests()
    assert site.running.state.counts() == dict.fromkeys(KINDS, 0)


def test_start_up_refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="flavour"):
        serve_jira(flavour="server", state=JiraState())
    monkeypatch.setenv(SPECS_ENV, str(tmp_path))
    with pytest.raises(SpecsNotFoundError, match="Jira API descriptions"):
        specs_dir()


def test_sandbox_bugs_fail_the_test(
    jira_cloud: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = cloud_client(jira_cloud)

    def crash(*_args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(routes_meta, "myself_shape", crash)
    monkeypatch.setattr(routes_meta, "project_shape", lambda *_args: {"key": "CX", "bogus": 1})
    with pytest.raises(HTTPError) as crashed:
        client.myself()
    answered = client.project("CX")  # the answer goes out, but breaks the Project schema

    assert crashed.value.response.status_code == 500
    assert answered == {"key": "CX", "bogus": 1}
    reasons = [(v["reason"], "bogus" in v["detail"]) for v in take_violations(jira_cloud)]
    assert reasons == [("sandbox crash", False), ("sandbox answer", True)]
