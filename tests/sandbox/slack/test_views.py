"""views.open / push / update / publish through slack_sdk: triggers, stacks, hashes."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack import SEED, RunningSandbox
from tests.sandbox.slack.conftest import take_violations


def modal(title: str = "Add to journey", **extra: Any) -> dict[str, Any]:
    note = {
        "type": "input",
        "block_id": "note",
        "label": {"type": "plain_text", "text": "Note"},
        "element": {"type": "plain_text_input", "action_id": "note_text"},
    }
    return {
        "type": "modal",
        "callback_id": "add_evidence",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [note],
        **extra,
    }


def home(text: str) -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


def trigger(slack: RunningSandbox) -> str:
    """A trigger id as a shortcut hands it to the app."""
    found = slack.events.global_shortcut(SEED.alice, "new_pain_point").trigger_id
    assert found is not None
    return found


def test_open_a_modal_on_a_trigger(slack: RunningSandbox, client: WebClient) -> None:
    view = client.views_open(trigger_id=trigger(slack), view=modal())["view"]

    [opened] = slack.state.surfaces.modal_stack(SEED.alice)
    assert view["id"] == opened.id
    assert view["hash"] == opened.hash
    assert view["callback_id"] == "add_evidence"
    assert slack.state.counts()["view"] == 1


def test_a_trigger_works_once_and_not_for_long(slack: RunningSandbox, client: WebClient) -> None:
    used = trigger(slack)
    client.views_open(trigger_id=used, view=modal())
    stale = trigger(slack)
    slack.state.surfaces.trigger_ttl = 0.0

    errors = []
    for trigger_id in (used, stale, "123.456.789"):
        with pytest.raises(SlackApiError) as refused:
            client.views_open(trigger_id=trigger_id, view=modal())
        errors.append(refused.value.response["error"])

    assert errors == ["exchanged_trigger_id", "expired_trigger_id", "invalid_trigger_id"]


def test_a_modal_with_an_input_needs_submit(slack: RunningSandbox, client: WebClient) -> None:
    broken = modal()
    del broken["submit"]

    with pytest.raises(SlackApiError) as refused:
        client.views_open(trigger_id=trigger(slack), view=broken)

    assert refused.value.response["error"] == "invalid_arguments"
    assert take_violations(slack)[0]["reason"] == "invalid view"
    assert slack.state.surfaces.modal_stack(SEED.alice) == []


def test_update_with_a_stale_hash_is_a_conflict(slack: RunningSandbox, client: WebClient) -> None:
    first = client.views_open(trigger_id=trigger(slack), view=modal())["view"]
    second = client.views_update(view_id=first["id"], hash=first["hash"], view=modal("Step 2"))[
        "view"
    ]

    with pytest.raises(SlackApiError) as conflict:
        client.views_update(view_id=first["id"], hash=first["hash"], view=modal("Step 3"))

    assert second["id"] == first["id"]
    assert second["hash"] != first["hash"]
    assert conflict.value.response["error"] == "hash_conflict"
    assert slack.state.surfaces.views[first["id"]].payload["title"]["text"] == "Step 2"


def test_update_by_external_id(slack: RunningSandbox, client: WebClient) -> None:
    client.views_open(trigger_id=trigger(slack), view=modal(external_id="pick-1"))

    updated = client.views_update(external_id="pick-1", view=modal("Again", external_id="pick-1"))

    assert updated["view"]["title"]["text"] == "Again"


def test_push_stacks_at_most_three(slack: RunningSandbox, client: WebClient) -> None:
    root = client.views_open(trigger_id=trigger(slack), view=modal())["view"]
    client.views_push(trigger_id=trigger(slack), view=modal("Two"))
    third = client.views_push(trigger_id=trigger(slack), view=modal("Three"))["view"]

    with pytest.raises(SlackApiError) as full:
        client.views_push(trigger_id=trigger(slack), view=modal("Four"))

    assert third["root_view_id"] == root["id"]
    assert full.value.response["error"] == "push_limit_reached"
    assert len(slack.state.surfaces.modal_stack(SEED.alice)) == 3


def test_publish_app_home_per_user(slack: RunningSandbox, client: WebClient) -> None:
    first = client.views_publish(user_id=SEED.alice, view=home("Journeys"))["view"]
    second = client.views_publish(user_id=SEED.alice, view=home("Top pains"), hash=first["hash"])[
        "view"
    ]

    with pytest.raises(SlackApiError) as conflict:
        client.views_publish(user_id=SEED.alice, view=home("Late"), hash=first["hash"])

    assert second["id"] == first["id"]
    assert conflict.value.response["error"] == "hash_conflict"
    shown = slack.state.surfaces.home_view(SEED.alice)
    assert shown is not None and shown.payload["blocks"][0]["text"]["text"] == "Top pains"
    assert slack.state.surfaces.home_view(SEED.bob) is None


def test_a_modal_is_no_home(slack: RunningSandbox, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as refused:
        client.views_publish(user_id=SEED.alice, view=modal())

    assert refused.value.response["error"] == "invalid_arguments"
    assert "not one of ['home']" in take_violations(slack)[0]["detail"]
