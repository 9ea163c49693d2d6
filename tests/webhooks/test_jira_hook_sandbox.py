"""End to end: the Jira sandbox sends really signed webhooks over HTTP to our app, served
on loopback, when an issue is transitioned or deleted through its REST API."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from flask import Flask
from werkzeug.serving import make_server

from core.services.issue_links import apply_issue_status_change
from sandbox.jira import RunningSandbox, serve_jira
from tests.sandbox.jira.conftest import API_TOKEN, PAT, cloud_client, dc_client
from tests.webhooks.conftest import SECRET, Journal, fixture
from webhooks.jira_hook import MAX_BODY
from webhooks.signatures import hub_signature


@pytest.fixture
def hook_url(app: Flask) -> Iterator[str]:
    """Our app served on 127.0.0.1 (threaded, as ``journeyops serve`` runs it)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.port}/webhooks/jira"
    server.shutdown()
    thread.join(5)
    server.server_close()


@pytest.fixture(params=["cloud", "datacenter"])
def jira(request: pytest.FixtureRequest) -> Iterator[tuple[RunningSandbox, Any]]:
    """A running sandbox of each flavour and the client the product would use."""
    cloud = request.param == "cloud"
    serving = (
        serve_jira(flavour="cloud", api_token=API_TOKEN)
        if cloud
        else serve_jira(flavour="datacenter", pat=PAT)
    )
    with serving as running:
        yield running, cloud_client(running) if cloud else dc_client(running)
        assert running.state.violations == [], "a request Jira would refuse"


def create_epic(client: Any, summary: str = "Show the delivery cost in the basket") -> str:
    fields = {"project": {"key": "CX"}, "issuetype": {"name": "Epic"}, "summary": summary}
    created: dict[str, str] = client.create_issue(fields=fields)
    return created["key"]


def test_an_epic_done_in_jira_ships_the_fix_once(
    journal: Journal, hook_url: str, jira: tuple[RunningSandbox, Any]
) -> None:
    running, client = jira
    key = create_epic(client)
    journal.link_issue(key, state={"id": running.state.issue(key).id})
    running.webhooks.configure(hook_url, SECRET)

    client.set_issue_status(key, "Done")
    running.state.clear_requests()  # from here on, only our app could call Jira
    assert running.webhooks.wait_idle()

    [delivery] = running.webhooks.deliveries
    assert delivery.attempts == [200]
    assert journal.opportunity_status() == "done"
    assert journal.pain_status() == "fix_shipped"
    events = journal.events()
    actor = events[-1][1]
    assert events[-2:] == [
        ("opportunity.status_changed", actor, "jira"),
        ("pain_point.fix_shipped", actor, "jira"),
    ]
    assert actor.startswith("jira:") and len(actor) > len("jira:")

    running.webhooks.redeliver(delivery)

    assert delivery.attempts == [200, 200]
    assert journal.events() == events
    assert journal.deliveries() == 1
    assert running.state.requests == [], "a change that came from Jira is not sent back"


def test_an_epic_deleted_in_jira_is_marked_not_deleted(
    journal: Journal, hook_url: str, jira: tuple[RunningSandbox, Any]
) -> None:
    running, client = jira
    key = create_epic(client)
    journal.link_issue(key)
    running.webhooks.configure(hook_url, SECRET, events=["jira:issue_deleted"])

    client.delete_issue(key)
    assert running.webhooks.wait_idle()

    assert [d.attempts for d in running.webhooks.deliveries] == [[200]]
    assert journal.link(key).state["deleted"] is True
    assert journal.opportunity_status() == "planned"
    assert journal.events()[-1][0] == "link.remote_deleted"


def test_a_webhook_signed_with_another_secret_changes_nothing(
    journal: Journal, hook_url: str, jira: tuple[RunningSandbox, Any]
) -> None:
    running, client = jira
    key = create_epic(client)
    journal.link_issue(key)
    running.webhooks.configure(hook_url, "an-old-secret")

    client.set_issue_status(key, "Done")
    assert running.webhooks.wait_idle()

    assert [d.attempts for d in running.webhooks.deliveries] == [[401]]
    assert journal.opportunity_status() == "planned"
    assert journal.deliveries() == 0


def test_two_copies_at_once_are_applied_once(
    journal: Journal, hook_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.link_issue("CX-1")
    before = len(journal.events())
    body = json.dumps(fixture("issue_updated__done")).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Hub-Signature": hub_signature(SECRET, body),
        "X-Atlassian-Webhook-Identifier": "copy-1",
    }

    def slowly(*args: Any, **kwargs: Any) -> Any:
        # Holds the first copy's transaction open while the second one arrives.
        threading.Event().wait(0.3)
        return apply_issue_status_change(*args, **kwargs)

    monkeypatch.setattr("webhooks.jira_events.apply_issue_status_change", slowly)
    start = threading.Barrier(2)
    answers: list[httpx.Response] = []

    def deliver() -> None:
        start.wait(5)
        answers.append(httpx.post(hook_url, content=body, headers=headers, timeout=30))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(35)

    assert sorted(a.json()["outcome"] for a in answers) == ["changed", "duplicate"]
    assert {a.status_code for a in answers} == {200}
    assert len(journal.events()) == before + 2
    assert journal.deliveries() == 1


def test_an_older_change_racing_a_newer_one_does_not_undo_it(
    journal: Journal, hook_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal.link_issue("CX-1")
    holding = threading.Event()

    def slowly(*args: Any, **kwargs: Any) -> Any:
        if not holding.is_set():  # the first change holds its transaction open a while
            holding.set()
            threading.Event().wait(0.3)
        return apply_issue_status_change(*args, **kwargs)

    monkeypatch.setattr("webhooks.jira_events.apply_issue_status_change", slowly)
    answers: dict[str, str] = {}

    def deliver(name: str) -> None:
        body = json.dumps(fixture(name)).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature": hub_signature(SECRET, body),
        }
        answers[name] = httpx.post(hook_url, content=body, headers=headers, timeout=30).json()[
            "outcome"
        ]

    newer = threading.Thread(target=deliver, args=["issue_updated__done"])
    newer.start()
    assert holding.wait(5)
    deliver("issue_updated__in_progress")  # older timestamp, arrives while "done" applies
    newer.join(30)

    assert answers == {"issue_updated__done": "changed", "issue_updated__in_progress": "stale"}
    assert journal.opportunity_status() == "done"


def test_an_oversize_chunked_body_is_refused(journal: Journal, hook_url: str) -> None:
    journal.link_issue("CX-1")
    body = json.dumps(fixture("issue_updated__done") | {"padding": "x" * MAX_BODY}).encode()
    headers = {"X-Hub-Signature": hub_signature(SECRET, body)}

    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    answer = httpx.post(hook_url, content=chunks(), headers=headers, timeout=30)

    assert answer.status_code == 413
    assert journal.opportunity_status() == "planned"
