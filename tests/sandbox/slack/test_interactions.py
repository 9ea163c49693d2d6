"""Clicks, shortcuts, modal submissions and commands: what reaches the app, and what Slack
does with the app's answers and response_url posts."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from sandbox.slack import SEED, RunningSandbox
from tests.sandbox.slack.conftest import Receiver, take_violations

IMPACT = {
    "type": "actions",
    "block_id": "impact",
    "elements": [
        {
            "type": "static_select",
            "action_id": "set_impact",
            "placeholder": {"type": "plain_text", "text": "Impact"},
            "options": [
                {"text": {"type": "plain_text", "text": t}, "value": t}
                for t in ("trivial", "workaround", "abandon")
            ],
        }
    ],
}
NOTE = {
    "type": "input",
    "block_id": "note",
    "label": {"type": "plain_text", "text": "Note"},
    "element": {"type": "plain_text_input", "action_id": "note_text"},
}
MODAL = {
    "type": "modal",
    "callback_id": "add_evidence",
    "title": {"type": "plain_text", "text": "Add to journey"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [NOTE],
}


def open_modal(slack: RunningSandbox, client: WebClient, view: dict[str, Any] = MODAL) -> str:
    trigger = slack.events.global_shortcut(SEED.alice, "new_pain_point").trigger_id
    found: str = client.views_open(trigger_id=trigger, view=view)["view"]["id"]
    return found


def test_a_choice_in_an_ephemeral_message(slack: RunningSandbox, client: WebClient) -> None:
    shown = client.chat_postEphemeral(
        channel=SEED.general, user=SEED.alice, text="Logged", blocks=[IMPACT]
    )["message_ts"]

    request = slack.events.block_action(
        SEED.alice, "set_impact", channel_id=SEED.general, message_ts=shown, value="abandon"
    )

    payload = request.payload
    assert payload["container"] == {
        "type": "message",
        "message_ts": shown,
        "channel_id": SEED.general,
        "is_ephemeral": True,
    }
    assert "message" not in payload  # Slack does not echo ephemeral messages
    [used] = payload["actions"]
    assert (used["action_id"], used["block_id"]) == ("set_impact", "impact")
    assert used["selected_option"]["value"] == "abandon"
    assert payload["response_url"] == request.response_url


def test_only_elements_that_exist_can_be_used(slack: RunningSandbox, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=SEED.general, text="x", blocks=[IMPACT])["ts"]

    with pytest.raises(ValueError, match="no element"):
        slack.events.block_action(
            SEED.bob, "delete_everything", channel_id=SEED.general, message_ts=ts
        )
    with pytest.raises(ValueError, match="no option"):
        slack.events.block_action(
            SEED.bob, "set_impact", channel_id=SEED.general, message_ts=ts, value="catastrophic"
        )


def test_response_url_posts_land_in_the_state(slack: RunningSandbox, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=SEED.general, text="Pick", blocks=[IMPACT])["ts"]
    url = slack.events.block_action(
        SEED.bob, "set_impact", channel_id=SEED.general, message_ts=ts, value="trivial"
    ).response_url
    assert url is not None
    hook = WebhookClient(url)

    hook.send(text="Only Bob sees this")
    hook.send(text="Everyone sees this", response_type="in_channel")
    hook.send(text="Impact: trivial", replace_original=True)

    effects = [post.effect for post in slack.state.surfaces.response_posts]
    assert effects == ["ephemeral", "in_channel", "replace_original"]
    assert [e.text for e in slack.state.chat.ephemerals_for(SEED.bob)] == ["Only Bob sees this"]
    assert [m.text for m in slack.state.chat.messages(SEED.general)] == [
        "Impact: trivial",
        "Everyone sees this",
    ]
    assert slack.state.counts()["ephemeral"] == 1
    assert slack.state.counts()["post"] == 3


def test_a_response_url_takes_five_posts(slack: RunningSandbox) -> None:
    url = slack.events.slash_command(SEED.alice, SEED.general, "list").response_url
    assert url is not None

    statuses = [WebhookClient(url).send(text=f"{n}").status_code for n in range(6)]

    assert statuses == [200] * 5 + [404]
    assert take_violations(slack)[0]["reason"] == "used response_url"


def test_a_response_url_refuses_invalid_blocks(slack: RunningSandbox) -> None:
    url = slack.events.slash_command(SEED.alice, SEED.general, "list").response_url
    assert url is not None

    answer = requests.post(url, json={"blocks": [{"type": "section"}]}, timeout=5)

    assert (answer.status_code, answer.text) == (400, "invalid_blocks")
    assert take_violations(slack)[0]["reason"] == "invalid blocks"


def test_a_submission_carries_the_typed_values(slack: RunningSandbox, client: WebClient) -> None:
    view_id = open_modal(slack, client)

    payload = slack.events.view_submission(
        SEED.alice, view_id, {"note_text": "Seen 3 times"}
    ).payload

    assert payload["view"]["state"]["values"] == {
        "note": {"note_text": {"type": "plain_text_input", "value": "Seen 3 times"}}
    }
    assert payload["view"]["callback_id"] == "add_evidence"
    with pytest.raises(ValueError, match="required input"):
        slack.events.view_submission(SEED.alice, view_id, {})


@pytest.mark.parametrize(
    ("answer", "effect", "open_after"),
    [
        ("", "view closed", 0),
        (
            json.dumps({"response_action": "errors", "errors": {"note": "Too short"}}),
            "errors shown",
            1,
        ),
        (json.dumps({"response_action": "update", "view": MODAL}), "view updated", 1),
        (json.dumps({"response_action": "push", "view": MODAL}), "view pushed", 2),
        (json.dumps({"response_action": "clear"}), "views cleared", 0),
    ],
)
def test_what_a_submission_ack_does(
    slack: RunningSandbox,
    client: WebClient,
    receiver: Receiver,
    answer: str,
    effect: str,
    open_after: int,
) -> None:
    view_id = open_modal(slack, client)
    receiver.answer = answer

    delivery = slack.events.send(
        slack.events.view_submission(SEED.alice, view_id, {"note_text": "x"})
    )

    assert delivery.effect == effect
    assert len(slack.state.surfaces.modal_stack(SEED.alice)) == open_after


def test_an_invalid_view_in_an_ack_is_a_violation(
    slack: RunningSandbox, client: WebClient, receiver: Receiver
) -> None:
    view_id = open_modal(slack, client)
    receiver.answer = json.dumps({"response_action": "update", "view": {"type": "modal"}})

    delivery = slack.events.send(
        slack.events.view_submission(SEED.alice, view_id, {"note_text": "x"})
    )

    assert delivery.problems
    assert take_violations(slack)[0]["reason"] == "invalid view"


def test_a_command_answer_is_shown_to_the_user(slack: RunningSandbox, receiver: Receiver) -> None:
    receiver.answer = json.dumps({"text": "3 journeys"})
    private = slack.events.send(slack.events.slash_command(SEED.alice, SEED.general, "list"))
    receiver.answer = json.dumps({"text": "Checkout map", "response_type": "in_channel"})
    public = slack.events.send(
        slack.events.slash_command(SEED.alice, SEED.general, "show checkout")
    )

    assert (private.effect, public.effect) == ("ephemeral", "in_channel")
    assert [e.text for e in slack.state.chat.ephemerals_for(SEED.alice)] == ["3 journeys"]
    assert [m.text for m in slack.state.chat.bot_messages(SEED.general)] == ["Checkout map"]


def test_a_message_shortcut_names_the_message(slack: RunningSandbox) -> None:
    said = slack.events.user_message(SEED.bob, SEED.general, "Refunds take weeks").payload["event"]

    payload = slack.events.message_shortcut(
        SEED.alice, SEED.general, said["ts"], "add_to_journey"
    ).payload

    assert payload["type"] == "message_action"
    assert payload["callback_id"] == "add_to_journey"
    assert (payload["message_ts"], payload["message"]["text"]) == (said["ts"], "Refunds take weeks")
    assert payload["channel"]["id"] == SEED.general
    assert payload["trigger_id"] in slack.state.surfaces.triggers
