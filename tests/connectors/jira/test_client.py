"""The Jira client against the sandbox stand-in (Cloud REST v3 and Data Center REST v2),
which checks every request against Atlassian's published API descriptions."""

from collections.abc import Iterator
from typing import Any

import pytest

from connectors.jira.client import SEARCH_PAGE_SIZE, JiraClient
from connectors.jira.errors import JiraAuthError, JiraNotFound, JiraRefused, JiraUnavailable
from connectors.jira.our_issues import our_issues_jql
from core.settings import Settings, load_settings
from sandbox.jira import RunningSandbox, serve_jira
from sandbox.jira import workflow as sandbox_workflow

pytestmark = [
    pytest.mark.usefixtures("clean_env"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

TOKEN = "sandbox-secret-token-42"
EMAIL = "cx-lead@example.com"


@pytest.fixture(params=["cloud", "datacenter"])
def jira(request: pytest.FixtureRequest) -> Iterator[RunningSandbox]:
    credentials = {"api_token": TOKEN} if request.param == "cloud" else {"pat": TOKEN}
    # No property is indexed for JQL, as on a Cloud site without an app declaring one.
    with serve_jira(flavour=request.param, indexed_properties=[], **credentials) as running:
        yield running
        assert running.state.violations == [], "a request Jira would refuse"


def settings_for(sandbox: RunningSandbox, *, token: str = TOKEN, rate_limit: float = 0) -> Settings:
    cloud = sandbox.flavour == "cloud"
    return load_settings(
        jira_url=sandbox.url,
        jira_username=EMAIL if cloud else None,
        jira_api_token=token,
        jira_cloud=cloud,
        jira_project="CX",
        jira_rate_limit=rate_limit,
    )


class Waits:
    """Records the client's waits; the rate cap's clock moves only when it waits."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def waits() -> Waits:
    return Waits()


@pytest.fixture
def client(jira: RunningSandbox, waits: Waits) -> Iterator[JiraClient]:
    made = JiraClient(settings_for(jira), sleep=waits.sleep, clock=waits.clock)
    yield made
    made.close()


def description(client: JiraClient, text: str) -> Any:
    if not client.cloud:
        return text
    paragraph = {"type": "paragraph", "content": [{"type": "text", "text": text}]}
    return {"type": "doc", "version": 1, "content": [paragraph]}


def new_issue(client: JiraClient, summary: str, issue_type: str = "Epic", **more: Any) -> Any:
    fields = {
        "project": {"key": "CX"},
        "issuetype": {"name": issue_type},
        "summary": summary,
        "description": description(client, f"About {summary}"),
        "labels": ["journeyops", "journey-checkout"],
        **more,
    }
    return client.create_issue(fields, {"journeyops": {"workspace": "w", "opportunity": 7}})


def test_create_sets_fields_labels_and_property_in_one_request(
    client: JiraClient, jira: RunningSandbox
) -> None:
    ref = new_issue(client, "Show delivery cost in the basket")
    issue = jira.state.issue(ref.key)
    assert (issue.id, issue.issue_type.name) == (ref.id, "Epic")
    assert issue.labels == ["journeyops", "journey-checkout"]
    assert issue.properties == {"journeyops": {"workspace": "w", "opportunity": 7}}
    assert issue.description is not None
    assert issue.description.kind == ("adf" if client.cloud else "wiki")
    assert jira.state.counts()["issue_write"] == 1
    assert sum(jira.state.counts().values()) == 1
    assert client.requests_sent == 1


def test_a_task_goes_into_its_epic_through_parent(client: JiraClient, jira: RunningSandbox) -> None:
    epic = new_issue(client, "Epic")
    task = new_issue(client, "Task", issue_type="Task", parent={"key": epic.key})
    assert jira.state.issue(task.key).parent_key == epic.key


def test_edit_sets_fields_moves_labels_and_replaces_the_property(
    client: JiraClient, jira: RunningSandbox
) -> None:
    ref = new_issue(client, "Old summary")
    jira.state.issue(ref.key).labels.append("customer-facing")  # a person's label
    client.edit_issue(
        ref.id,
        fields={"summary": "New summary"},
        update={"labels": [{"add": "stage-payment"}, {"remove": "journey-checkout"}]},
        properties={"journeyops": {"workspace": "w", "opportunity": 8}},
    )
    issue = jira.state.issue(ref.key)
    assert issue.summary == "New summary"
    assert sorted(issue.labels) == ["customer-facing", "journeyops", "stage-payment"]
    assert issue.properties["journeyops"]["opportunity"] == 8
    assert jira.state.counts()["issue_write"] == 2


def test_reads_an_issue_with_status_and_property(client: JiraClient, jira: RunningSandbox) -> None:
    ref = new_issue(client, "Read me")
    jira.state.move_to(jira.state.issue(ref.key), sandbox_workflow.IN_PROGRESS)
    found = client.issue(ref.id, property_key="journeyops")
    assert found is not None
    assert (found.key, found.status_category) == (ref.key, "indeterminate")
    assert found.status_changed_at is not None
    assert found.properties == {"journeyops": {"workspace": "w", "opportunity": 7}}
    assert client.property(ref.key, "journeyops") == {"workspace": "w", "opportunity": 7}


def test_a_missing_issue_or_property_is_none(client: JiraClient) -> None:
    ref = new_issue(client, "Has no other property")
    assert client.issue("CX-999") is None
    assert client.property(ref.key, "somebody-elses") is None


def test_remote_links_are_upserted_by_global_id(client: JiraClient, jira: RunningSandbox) -> None:
    ref = new_issue(client, "Linked")
    body = {
        "globalId": "journeyops:w:evidence:1",
        "application": {"name": "Slack"},
        "relationship": "evidence",
        "object": {"url": "https://acme.slack.com/archives/C1/p1", "title": "Thread"},
    }
    client.upsert_remote_link(ref.key, body)
    client.upsert_remote_link(ref.key, {**body, "object": {**body["object"], "title": "Renamed"}})
    [link] = jira.state.issue(ref.key).remote_links
    assert link.object["title"] == "Renamed"
    client.delete_remote_link(ref.key, "journeyops:w:evidence:1")
    client.delete_remote_link(ref.key, "journeyops:w:evidence:1")  # gone already: fine
    assert jira.state.issue(ref.key).remote_links == []


def test_search_pages_through_every_issue_with_status_and_property(
    client: JiraClient, jira: RunningSandbox
) -> None:
    state = jira.state
    project = state.project("CX")
    epic = next(t for t in project.issue_types if t.name == "Epic")
    total = SEARCH_PAGE_SIZE + 30
    for number in range(total):
        state.create_issue(
            project,
            epic,
            f"Issue {number}",
            labels=["journeyops"],
            properties={"journeyops": {"n": number}},
        )
    state.create_issue(project, epic, "Not ours", labels=["other"])
    found = list(client.search(our_issues_jql("CX"), property_key="journeyops"))
    assert len(found) == total
    assert len({issue.id for issue in found}) == total, "no issue twice across pages"
    assert {issue.properties["journeyops"]["n"] for issue in found if issue.properties} == set(
        range(total)
    )
    assert {issue.status_category for issue in found} == {"new"}
    assert state.counts()["read"] == 2, "one request per 100 issues"


def test_search_limited_to_journeys_by_label(client: JiraClient, jira: RunningSandbox) -> None:
    new_issue(client, "Checkout")
    client.create_issue(
        {
            "project": {"key": "CX"},
            "issuetype": {"name": "Epic"},
            "summary": "Onboarding",
            "labels": ["journeyops", "journey-onboarding"],
        },
        {},
    )
    found = list(client.search(our_issues_jql("CX", ["checkout"])))
    assert [issue.labels for issue in found] == [frozenset({"journeyops", "journey-checkout"})]


def test_a_refusal_names_jiras_reason_and_is_not_retried(
    client: JiraClient, jira: RunningSandbox, waits: Waits
) -> None:
    jira.faults.fail_next(1, status=400, method="POST")
    with pytest.raises(JiraRefused) as info:
        new_issue(client, "Refused")
    assert info.value.status == 400
    assert "injected fault" in str(info.value)
    assert waits.sleeps == []
    assert client.requests_sent == 1


def test_a_missing_issue_is_not_found(client: JiraClient) -> None:
    with pytest.raises(JiraNotFound):
        client.edit_issue("CX-404", fields={"summary": "nobody"})


def test_bad_credentials_are_an_auth_error_without_the_secret(jira: RunningSandbox) -> None:
    wrong = JiraClient(settings_for(jira, token="wrong-secret-99"))
    try:
        with pytest.raises(JiraAuthError) as info:
            list(wrong.search(our_issues_jql("CX")))
    finally:
        wrong.close()
    assert info.value.status == 401
    assert "wrong-secret-99" not in str(info.value)


def test_429_waits_as_long_as_retry_after_says(
    client: JiraClient, jira: RunningSandbox, waits: Waits
) -> None:
    jira.faults.throttle_next(1, retry_after=3, method="POST")
    new_issue(client, "After a pause")
    assert waits.sleeps == [3.0]
    assert jira.state.counts()["issue_write"] == 2  # the throttled try, then the real one
    assert len(jira.state.live_issues()) == 1


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retried_with_capped_jittered_backoff(
    client: JiraClient, jira: RunningSandbox, waits: Waits, status: int
) -> None:
    jira.faults.fail_next(2, status=status)
    jira.faults.drop_next(1)
    found = list(client.search(our_issues_jql("CX")))
    assert found == []
    assert len(waits.sleeps) == 3
    assert all(0 <= s <= 30 for s in waits.sleeps)
    assert client.requests_sent == 4


def test_a_site_that_keeps_failing_is_unavailable(
    client: JiraClient, jira: RunningSandbox, waits: Waits
) -> None:
    jira.faults.fail_next(10, status=503)
    with pytest.raises(JiraUnavailable) as info:
        list(client.search(our_issues_jql("CX")))
    assert "503" in str(info.value)
    assert TOKEN not in str(info.value)
    assert client.requests_sent == 5


def test_requests_stay_under_the_rate_cap(jira: RunningSandbox, waits: Waits) -> None:
    capped = JiraClient(settings_for(jira, rate_limit=4), sleep=waits.sleep, clock=waits.clock)
    try:
        for number in range(3):
            new_issue(capped, f"Paced {number}")
    finally:
        capped.close()
    assert waits.sleeps == [pytest.approx(0.25)] * 2
