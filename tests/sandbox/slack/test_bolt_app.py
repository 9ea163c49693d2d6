"""A real slack_bolt app behind Flask, driven only through the sandbox: signed requests in,
Web API calls out. Proves the stand-in speaks what Bolt expects (auth.test at start,
self-event filtering by bot_id, ack bodies, say, respond, views.open)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, Response, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk import WebClient

from sandbox.common.server import start_server
from sandbox.slack import SEED, RunningSandbox

MODAL = {
    "type": "modal",
    "callback_id": "add_evidence",
    "title": {"type": "plain_text", "text": "Add to journey"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {
            "type": "input",
            "block_id": "note",
            "label": {"type": "plain_text", "text": "Note"},
            "element": {"type": "plain_text_input", "action_id": "note_text"},
        }
    ],
}
IMPACT_BUTTON = {
    "type": "actions",
    "block_id": "impact",
    "elements": [
        {
            "type": "button",
            "action_id": "set_impact",
            "value": "abandon",
            "text": {"type": "plain_text", "text": "Abandon"},
        }
    ],
}


def bolt_app(slack: RunningSandbox, seen: list[str]) -> App:
    client = WebClient(token=SEED.bot_token, base_url=slack.url)
    app = App(
        client=client, signing_secret=slack.state.app.signing_secret, process_before_response=True
    )

    @app.event("app_mention")
    def mention(event: dict[str, Any], say: Any) -> None:
        seen.append(f"mention:{event['user']}")
        say(text="Logged", blocks=[IMPACT_BUTTON], thread_ts=event["ts"])

    @app.event("message")
    def message(event: dict[str, Any]) -> None:
        seen.append(f"message:{event.get('user')}")

    @app.command("/journey")
    def journey(ack: Any, command: dict[str, Any]) -> None:
        ack(f"You asked: {command['text']}")

    @app.shortcut("add_to_journey")
    def add(ack: Any, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @app.view("add_evidence")
    def saved(ack: Any, view: dict[str, Any]) -> None:
        seen.append("note:" + view["state"]["values"]["note"]["note_text"]["value"])
        ack()

    @app.action("set_impact")
    def impact(ack: Any, respond: Any, action: dict[str, Any]) -> None:
        ack()
        respond(text=f"Impact set to {action['value']}")

    return app


@pytest.fixture
def seen(slack: RunningSandbox) -> Iterator[list[str]]:
    found: list[str] = []
    handler = SlackRequestHandler(bolt_app(slack, found))
    web = Flask(__name__)

    @web.post("/slack/events")
    def events() -> Response:
        answer: Response = handler.handle(request)
        return answer

    server = start_server(web, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    slack.events.configure(f"http://127.0.0.1:{server.port}/slack/events")
    yield found
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_a_mention_is_answered_in_its_thread(slack: RunningSandbox, seen: list[str]) -> None:
    request = slack.events.user_message(SEED.alice, SEED.general, f"<@{SEED.bot_user_id}> pain x")

    assert slack.events.send(request).acked

    [reply] = slack.state.chat.bot_messages(SEED.general)
    assert reply.thread_ts == request.payload["event"]["ts"]
    assert seen == [f"mention:{SEED.alice}"]


def test_bolt_ignores_the_bots_own_messages(slack: RunningSandbox, seen: list[str]) -> None:
    ts = WebClient(token=SEED.bot_token, base_url=slack.url).chat_postMessage(
        channel=SEED.general, text="from the bot"
    )["ts"]

    slack.events.send(slack.events.message_event(SEED.general, ts))
    slack.events.send(slack.events.user_message(SEED.bob, SEED.general, "from bob"))

    assert seen == [f"message:{SEED.bob}"]


def test_bolt_refuses_a_stale_signature(slack: RunningSandbox, seen: list[str]) -> None:
    delivery = slack.events.send(slack.events.user_message(SEED.bob, SEED.general, "x"), stale=True)

    assert delivery.status == 401
    assert seen == []


def test_a_command_ack_and_a_shortcut_modal(slack: RunningSandbox, seen: list[str]) -> None:
    said = slack.events.user_message(SEED.bob, SEED.general, "Refunds take weeks").payload["event"]

    command = slack.events.send(slack.events.slash_command(SEED.alice, SEED.general, "list"))
    slack.events.send(
        slack.events.message_shortcut(SEED.alice, SEED.general, said["ts"], "add_to_journey")
    )
    [modal] = slack.state.surfaces.modal_stack(SEED.alice)
    submitted = slack.events.send(
        slack.events.view_submission(SEED.alice, modal.id, {"note_text": "Seen twice"})
    )

    assert command.effect == "ephemeral"
    assert [e.text for e in slack.state.chat.ephemerals_for(SEED.alice)] == ["You asked: list"]
    assert submitted.effect == "view closed"
    assert slack.state.surfaces.modal_stack(SEED.alice) == []
    assert "note:Seen twice" in seen


def test_a_click_answered_through_respond(slack: RunningSandbox, seen: list[str]) -> None:
    mention = slack.events.user_message(SEED.alice, SEED.general, f"<@{SEED.bot_user_id}> pain")
    slack.events.send(mention)
    [reply] = slack.state.chat.bot_messages(SEED.general)

    slack.events.send(
        slack.events.block_action(
            SEED.alice, "set_impact", channel_id=SEED.general, message_ts=reply.ts
        )
    )

    [post] = slack.state.surfaces.response_posts
    assert post.effect == "ephemeral"
    assert [e.text for e in slack.state.chat.ephemerals_for(SEED.alice)] == [
        "Impact set to abandon"
    ]
    assert slack.state.chat.ephemerals_for(SEED.alice)[0].thread_ts == reply.thread_ts
