"""Calls are checked against Slack's published description; answers against the samples."""

from __future__ import annotations

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack import SEED, RunningSandbox, shapes
from tests.sandbox.slack.conftest import take_violations

BEARER = {"Authorization": f"Bearer {SEED.bot_token}"}


def test_an_unknown_method_is_refused(slack: RunningSandbox, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as refused:
        client.api_call("chat.postMesage", json={"channel": SEED.general, "text": "typo"})

    assert refused.value.response.status_code == 404
    assert refused.value.response["error"] == "unknown_method"
    assert take_violations(slack)[0]["reason"] == "unknown method"


def test_a_real_method_the_sandbox_lacks_says_so(slack: RunningSandbox, client: WebClient) -> None:
    with pytest.raises(SlackApiError):
        client.api_call("pins.add", json={"channel": SEED.general, "timestamp": "1.1"})

    assert take_violations(slack)[0]["reason"] == "not emulated"


def test_a_wrong_type_is_refused(slack: RunningSandbox) -> None:
    answer = requests.get(
        f"{slack.url}conversations.history",
        params={"channel": SEED.general, "limit": "ten"},
        headers=BEARER,
        timeout=5,
    ).json()

    assert answer["error"] == "invalid_arguments"
    assert "limit" in take_violations(slack)[0]["detail"]


def test_a_missing_required_parameter_is_refused(slack: RunningSandbox) -> None:
    answer = requests.post(
        f"{slack.url}chat.postEphemeral",
        json={"channel": SEED.general, "text": "to whom?"},
        headers=BEARER,
        timeout=5,
    ).json()

    assert answer["error"] == "invalid_arguments"
    assert "user" in take_violations(slack)[0]["detail"]


def test_booleans_as_slack_sdk_sends_them_pass(slack: RunningSandbox, client: WebClient) -> None:
    client.chat_postMessage(channel=SEED.general, text="x", unfurl_links=False, mrkdwn=True)

    assert client.conversations_history(channel=SEED.general, inclusive=True, oldest="0")["ok"]


def test_an_answer_straying_from_the_sample_is_a_sandbox_violation(
    slack: RunningSandbox, client: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    invented = lambda team: shapes.team_shape(team) | {"invented": 1}  # noqa: E731
    monkeypatch.setattr("sandbox.slack.routes_conversations.team_shape", invented)

    client.team_info()

    [violation] = take_violations(slack)
    assert violation["reason"] == "sandbox answer"
    assert "team.invented" in violation["detail"]


def test_every_request_is_counted_by_kind(slack: RunningSandbox, client: WebClient) -> None:
    client.auth_test()
    client.chat_postMessage(channel=SEED.general, text="x")
    client.chat_postEphemeral(channel=SEED.general, user=SEED.alice, text="y")
    client.views_publish(user_id=SEED.alice, view={"type": "home", "blocks": [{"type": "divider"}]})
    client.conversations_open(users=SEED.bob)

    assert slack.state.counts() == {"read": 1, "post": 1, "ephemeral": 1, "view": 1, "other": 1}
    assert [r.path for r in slack.state.requests][:2] == ["/api/auth.test", "/api/chat.postMessage"]
