"""Socket Mode: apps.connections.open hands out a websocket that slack_sdk's built-in
client (under Bolt's SocketModeHandler) connects to; envelopes go out, acks come back."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack import SEED, RunningSandbox
from tests.sandbox.slack.conftest import eventually


@pytest.fixture
def seen(slack: RunningSandbox) -> Iterator[list[str]]:
    found: list[str] = []
    app = App(client=WebClient(token=SEED.bot_token, base_url=slack.url))

    @app.event("app_mention")
    def mention(event: dict[str, Any], say: Any) -> None:
        found.append(event["text"])
        say(text="Got it", thread_ts=event["ts"])

    @app.command("/journey")
    def journey(ack: Any) -> None:
        ack("2 journeys")

    handler = SocketModeHandler(app, slack.state.app.app_token)
    handler.connect()
    slack.events.use_socket_mode()
    yield found
    # Server side first: the client's close() would wait out its 3-second receive timeout.
    slack.socket_mode.close()
    handler.close()


def test_connections_open_needs_the_app_token(slack: RunningSandbox, client: WebClient) -> None:
    app_client = WebClient(base_url=slack.url)

    url = app_client.apps_connections_open(app_token=slack.state.app.app_token)["url"]
    with pytest.raises(SlackApiError) as refused:
        client.apps_connections_open(app_token=SEED.bot_token)

    assert url.startswith(f"ws://127.0.0.1:{slack.socket_mode.port}/link/?ticket=")
    assert refused.value.response["error"] == "not_allowed_token_type"


def test_a_ticket_works_once(slack: RunningSandbox) -> None:
    url = slack.socket_mode.issue_url()
    path = url.split(str(slack.socket_mode.port), 1)[1]
    handshake = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    ).encode()

    answers = []
    for _ in range(2):
        with socket.create_connection(("127.0.0.1", slack.socket_mode.port), timeout=5) as sock:
            sock.sendall(handshake)
            answers.append(sock.recv(1024).split(b"\r\n", 1)[0])

    assert answers == [b"HTTP/1.1 101 Switching Protocols", b"HTTP/1.1 401 Unauthorized"]


def test_an_event_over_socket_mode(slack: RunningSandbox, seen: list[str]) -> None:
    text = f"<@{SEED.bot_user_id}> pain onboarding/signup: too many fields"

    delivery = slack.events.send(slack.events.user_message(SEED.alice, SEED.general, text))

    assert delivery.acked
    assert seen == [text]
    [reply] = eventually(lambda: slack.state.chat.bot_messages(SEED.general))
    assert reply.text == "Got it"


def test_a_command_ack_payload_over_socket_mode(slack: RunningSandbox, seen: list[str]) -> None:
    delivery = slack.events.send(slack.events.slash_command(SEED.bob, SEED.general, "list"))

    assert delivery.effect == "ephemeral"
    assert [e.text for e in slack.state.chat.ephemerals_for(SEED.bob)] == ["2 journeys"]
