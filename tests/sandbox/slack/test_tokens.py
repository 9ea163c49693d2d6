"""Who may call: bot tokens per workspace, the app token, scopes, the Bearer rule for JSON."""

from __future__ import annotations

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack import SEED, RunningSandbox


def test_auth_test_names_the_bot_and_its_workspace(client: WebClient) -> None:
    answer = client.auth_test()

    assert answer["team_id"] == SEED.team_id
    assert answer["user_id"] == SEED.bot_user_id
    assert answer["bot_id"] == SEED.bot_id
    assert answer["url"] == f"https://{SEED.team_domain}.slack.com/"
    assert "chat:write" in answer.headers["x-oauth-scopes"].split(",")


def test_a_wrong_token_is_invalid_auth(slack: RunningSandbox) -> None:
    stranger = WebClient(token="xoxb-not-a-real-token", base_url=slack.url)

    with pytest.raises(SlackApiError) as refused:
        stranger.chat_postMessage(channel=SEED.general, text="hi")

    assert refused.value.response["error"] == "invalid_auth"
    assert slack.state.chat.messages(SEED.general) == []


def test_no_token_is_not_authed(slack: RunningSandbox) -> None:
    answer = requests.post(f"{slack.url}auth.test", timeout=5).json()

    assert answer == {"ok": False, "error": "not_authed"}


def test_a_token_inside_a_json_body_does_not_count(slack: RunningSandbox) -> None:
    body = {"token": SEED.bot_token, "channel": SEED.general, "text": "hi"}

    answer = requests.post(f"{slack.url}chat.postMessage", json=body, timeout=5).json()

    assert answer["error"] == "not_authed"


def test_a_form_token_works_like_slack_accepts_it(slack: RunningSandbox) -> None:
    form = {"token": SEED.bot_token, "channel": SEED.general, "text": "from a form"}

    answer = requests.post(f"{slack.url}chat.postMessage", data=form, timeout=5).json()

    assert answer["ok"] is True
    assert slack.state.chat.messages(SEED.general)[0].text == "from a form"


def test_another_workspaces_token_cannot_see_this_workspaces_channel(
    slack: RunningSandbox,
) -> None:
    other = WebClient(token=SEED.other_bot_token, base_url=slack.url)

    with pytest.raises(SlackApiError) as refused:
        other.chat_postMessage(channel=SEED.general, text="crossing over")

    assert refused.value.response["error"] == "channel_not_found"
    assert other.chat_postMessage(channel=SEED.other_general, text="at home")["ok"]
    assert slack.state.chat.messages(SEED.general) == []


def test_the_app_token_only_opens_socket_connections(slack: RunningSandbox) -> None:
    app_client = WebClient(token=slack.state.app.app_token, base_url=slack.url)

    with pytest.raises(SlackApiError) as refused:
        app_client.chat_postMessage(channel=SEED.general, text="hi")

    assert refused.value.response["error"] == "not_allowed_token_type"


def test_a_missing_scope_names_what_is_needed(slack: RunningSandbox, client: WebClient) -> None:
    team = slack.state.workspace.teams[SEED.team_id]
    team.scopes = team.scopes - {"users:read"}

    with pytest.raises(SlackApiError) as refused:
        client.users_info(user=SEED.alice)

    assert refused.value.response["error"] == "missing_scope"
    assert refused.value.response["needed"] == "users:read"
    assert "users:read" not in refused.value.response["provided"].split(",")


def test_a_revoked_token_is_refused(slack: RunningSandbox, client: WebClient) -> None:
    slack.state.workspace.revoked.add(SEED.bot_token)

    with pytest.raises(SlackApiError) as refused:
        client.auth_test()

    assert refused.value.response["error"] == "token_revoked"
