"""The OAuth v2 install: the consent page stand-in redirects with a code, and
oauth.v2.access (slack_sdk, client id/secret as Basic auth) exchanges it for a bot token."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack import SEED, RunningSandbox

REDIRECT = "https://journeyops.example/slack/oauth_redirect"


def consent(slack: RunningSandbox, scope: str, **extra: str) -> str:
    """Follow the install link as the installing person; the code Slack redirects with."""
    query = {"client_id": slack.state.app.client_id, "scope": scope, "state": "s-123"}
    query |= {"redirect_uri": REDIRECT} | extra
    answer = requests.get(
        f"{slack.root_url}/oauth/v2/authorize", params=query, allow_redirects=False, timeout=5
    )
    assert answer.status_code == 302
    location = urlparse(answer.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    found = parse_qs(location.query)
    assert found["state"] == ["s-123"]
    return found["code"][0]


def test_a_code_becomes_the_workspaces_bot_token(slack: RunningSandbox) -> None:
    code = consent(slack, "chat:write,commands,app_mentions:read")
    app = slack.state.app

    answer = WebClient(base_url=slack.url).oauth_v2_access(
        client_id=app.client_id, client_secret=app.client_secret, code=code, redirect_uri=REDIRECT
    )

    assert answer["access_token"] == SEED.bot_token
    assert answer["token_type"] == "bot"
    assert answer["team"] == {"id": SEED.team_id, "name": "JourneyOps Sandbox"}
    assert answer["bot_user_id"] == SEED.bot_user_id
    assert answer["authed_user"]["id"] == SEED.alice
    assert answer["scope"] == "app_mentions:read,chat:write,commands"
    with pytest.raises(SlackApiError) as narrowed:
        WebClient(token=answer["access_token"], base_url=slack.url).users_info(user=SEED.bob)
    assert narrowed.value.response["error"] == "missing_scope"


def test_the_installing_workspace_can_be_chosen(slack: RunningSandbox) -> None:
    code = consent(slack, "chat:write", team=SEED.other_team_id)
    app = slack.state.app

    answer = WebClient(base_url=slack.url).oauth_v2_access(
        client_id=app.client_id, client_secret=app.client_secret, code=code, redirect_uri=REDIRECT
    )

    assert answer["team"]["id"] == SEED.other_team_id
    assert answer["access_token"] == SEED.other_bot_token


def test_codes_work_once_and_only_with_the_apps_secret(slack: RunningSandbox) -> None:
    code = consent(slack, "chat:write")
    app = slack.state.app
    exchange = WebClient(base_url=slack.url).oauth_v2_access

    errors = []
    for secret, redirect in (("wrong", REDIRECT), (app.client_secret, "https://elsewhere")):
        with pytest.raises(SlackApiError) as refused:
            exchange(
                client_id=app.client_id, client_secret=secret, code=code, redirect_uri=redirect
            )
        errors.append(refused.value.response["error"])
    exchange(
        client_id=app.client_id, client_secret=app.client_secret, code=code, redirect_uri=REDIRECT
    )
    with pytest.raises(SlackApiError) as reused:
        exchange(
            client_id=app.client_id,
            client_secret=app.client_secret,
            code=code,
            redirect_uri=REDIRECT,
        )

    assert errors == ["bad_client_secret", "bad_redirect_uri"]
    assert reused.value.response["error"] == "invalid_code"


def test_an_unknown_client_id_is_refused_on_the_consent_page(slack: RunningSandbox) -> None:
    answer = requests.get(
        f"{slack.root_url}/oauth/v2/authorize",
        params={"client_id": "nope", "scope": "chat:write", "redirect_uri": REDIRECT},
        allow_redirects=False,
        timeout=5,
    )

    assert answer.status_code == 400
