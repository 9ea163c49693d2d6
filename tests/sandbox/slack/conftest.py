"""Fixtures: a running Slack sandbox, slack_sdk clients, and a signed-request receiver.

The sandbox fixture fails the test at teardown when the sandbox recorded a violation (a
call Slack would refuse, or a sandbox answer that strays from Slack's shapes). A test that
provokes one on purpose takes it with ``take_violations``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest
from flask import Flask, Response, request
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from sandbox.common.server import start_server
from sandbox.slack import SEED, RunningSandbox, serve_slack

T = TypeVar("T")


def eventually(check: Callable[[], T], timeout: float = 5.0) -> T:
    """``check()``'s first truthy result, polled until ``timeout`` (work the app does after
    its ack arrives a little later)."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.01)


def take_violations(running: RunningSandbox) -> list[dict[str, Any]]:
    """The violations recorded so far, removed so the fixture's teardown check passes."""
    with running.state.lock:
        found = list(running.state.violations)
        running.state.violations.clear()
    return found


@pytest.fixture
def slack() -> Iterator[RunningSandbox]:
    with serve_slack() as running:
        yield running
        assert running.state.violations == [], "a request Slack would refuse"


@pytest.fixture
def client(slack: RunningSandbox) -> WebClient:
    """slack_sdk's client as the app builds it: bot token, base URL from SLACK_API_URL."""
    return WebClient(token=SEED.bot_token, base_url=slack.url)


@dataclass
class Receiver:
    """A tiny app endpoint that verifies Slack's signature like Bolt does (401 otherwise)
    and answers with ``answer`` (a JSON string or plain text)."""

    url: str
    secret: str
    received: list[dict[str, Any]] = field(default_factory=list)
    answer: str = ""
    answer_type: str = "application/json"


@pytest.fixture
def receiver(slack: RunningSandbox) -> Iterator[Receiver]:
    app = Flask(__name__)
    secret = slack.state.app.signing_secret
    verifier = SignatureVerifier(secret)
    server = start_server(app, "127.0.0.1", 0)
    found = Receiver(f"http://127.0.0.1:{server.port}/slack/events", secret)

    @app.post("/slack/events")
    def events() -> Response:
        body = request.get_data()
        valid = verifier.is_valid_request(body, dict(request.headers))
        found.received.append({"headers": dict(request.headers), "body": body, "valid": valid})
        if not valid:
            return Response("invalid request", status=401)
        return Response(found.answer, status=200, mimetype=found.answer_type)

    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    slack.events.configure(found.url)
    yield found
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
