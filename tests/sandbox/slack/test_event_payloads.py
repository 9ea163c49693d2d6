"""What the sender emits has Slack's shapes: the Events API envelope schema (USING.md 3d)
and, for every payload, no key that Slack's own samples lack."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient

from sandbox.slack import SEED, RunningSandbox
from sandbox.slack.sample_shapes import shape_problem
from sandbox.slack.specs import event_wrapper_validator

MENTION = f"<@{SEED.bot_user_id}> pain checkout/payment: shipping cost shown too late"


def envelope_problems(payload: dict[str, Any]) -> list[str]:
    return [error.message for error in event_wrapper_validator().iter_errors(payload)]


def test_an_app_mention(slack: RunningSandbox) -> None:
    payload = slack.events.user_message(SEED.alice, SEED.general, MENTION).payload
    event = payload["event"]

    assert envelope_problems(payload) == []
    assert shape_problem(payload, "events/AppMentionPayload.json") is None
    assert (payload["team_id"], payload["api_app_id"]) == (SEED.team_id, slack.state.app.app_id)
    assert payload["event_id"].startswith("Ev")
    assert (event["type"], event["user"], event["channel"]) == (
        "app_mention",
        SEED.alice,
        SEED.general,
    )
    [stored] = slack.state.chat.messages(SEED.general)
    assert event["ts"] == stored.ts
    assert event["text"] == MENTION
    mention = event["blocks"][0]["elements"][0]["elements"][0]
    assert mention == {"type": "user", "user_id": SEED.bot_user_id}


def test_a_message_in_a_thread(slack: RunningSandbox) -> None:
    parent = slack.events.user_message(SEED.alice, SEED.general, "the checkout hurts").payload
    parent_ts = parent["event"]["ts"]

    payload = slack.events.user_message(
        SEED.bob, SEED.general, "same here", thread_ts=parent_ts
    ).payload

    event = payload["event"]
    assert envelope_problems(payload) == []
    assert shape_problem(payload, "events/MessagePayload.json") is None
    assert (event["thread_ts"], event["parent_user_id"]) == (parent_ts, SEED.alice)
    assert event["channel_type"] == "channel"
    assert [m.text for m in slack.state.chat.thread(SEED.general, parent_ts)] == [
        "the checkout hurts",
        "same here",
    ]


def test_the_bots_own_message_carries_its_bot_id(slack: RunningSandbox, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=SEED.general, text="Pain logged")["ts"]

    payload = slack.events.message_event(SEED.general, ts).payload

    assert envelope_problems(payload) == []
    assert shape_problem(payload, "events/MessagePayload.json") is None
    assert payload["event"]["bot_id"] == SEED.bot_id
    assert payload["authorizations"][0]["user_id"] == SEED.bot_user_id


def test_app_home_opened_carries_the_published_home(
    slack: RunningSandbox, client: WebClient
) -> None:
    client.views_publish(user_id=SEED.bob, view={"type": "home", "blocks": [{"type": "divider"}]})

    payload = slack.events.app_home_opened(SEED.bob).payload

    assert envelope_problems(payload) == []
    assert shape_problem(payload, "events/AppHomeOpenedPayload.json") is None
    home = slack.state.surfaces.home_view(SEED.bob)
    assert home is not None
    assert payload["event"]["view"]["id"] == home.id
    assert payload["event"]["channel"].startswith("D")


def test_the_envelope_schema_has_teeth(slack: RunningSandbox) -> None:
    payload = slack.events.user_message(SEED.alice, SEED.general, "hi").payload
    del payload["event_id"]
    payload["event_time"] = "yesterday"

    assert len(envelope_problems(payload)) == 2


def test_an_invented_key_strays_from_the_sample(slack: RunningSandbox) -> None:
    payload = slack.events.user_message(SEED.alice, SEED.general, "hi").payload
    payload["event"]["mood"] = "grumpy"

    assert shape_problem(payload, "events/MessagePayload.json") == (
        "keys not in samples/events/MessagePayload.json: event.mood"
    )


@pytest.mark.parametrize(
    ("build", "sample"),
    [
        ("block_action", "app-backend/interactive-components/BlockActionPayload.json"),
        ("message_shortcut", "app-backend/interactive-components/MessageShortcutPayload.json"),
        ("view_submission", "app-backend/views/ViewSubmissionPayload.json"),
        ("slash_command", "app-backend/slash-commands/SlashCommandPayload.json"),
    ],
)
def test_interactivity_payloads_keep_to_the_samples(
    slack: RunningSandbox, client: WebClient, build: str, sample: str
) -> None:
    button = {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": "open_map",
                "text": {"type": "plain_text", "text": "Map"},
            }
        ],
    }
    ts = client.chat_postMessage(channel=SEED.general, text="x", blocks=[button])["ts"]
    trigger = slack.events.global_shortcut(SEED.alice, "x").trigger_id
    view = {"type": "modal", "title": {"type": "plain_text", "text": "T"}, "blocks": [button]}
    view_id = client.views_open(trigger_id=trigger, view=view)["view"]["id"]
    events = slack.events
    request = {
        "block_action": lambda: events.block_action(
            SEED.alice, "open_map", channel_id=SEED.general, message_ts=ts
        ),
        "message_shortcut": lambda: events.message_shortcut(
            SEED.alice, SEED.general, ts, "add_to_journey"
        ),
        "view_submission": lambda: events.view_submission(SEED.alice, view_id),
        "slash_command": lambda: events.slash_command(SEED.alice, SEED.general, "list"),
    }[build]()

    assert shape_problem(request.payload, sample) is None
    assert request.payload.get("team", {}).get("id", request.payload.get("team_id")) == SEED.team_id
