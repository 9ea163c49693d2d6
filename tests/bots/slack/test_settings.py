"""The Slack app's settings: one bot token, or a client id and secret for the OAuth
install; what contradicts itself is refused with a way to fix it, never a secret."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bots.slack.bolt_app import build_bolt_app
from core.errors import SettingsError
from core.settings import load_settings
from core.store import Store

pytestmark = pytest.mark.usefixtures("clean_env")
SECRET = "s3cret-client-value"


def refused(**overrides: str) -> str:
    with pytest.raises(SettingsError) as info:
        load_settings(**overrides)
    message = str(info.value)
    assert SECRET not in message
    return message


def test_oauth_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_CLIENT_ID", "1111.2222")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", SECRET)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing")
    monkeypatch.setenv("SLACK_REDIRECT_URI", "https://cx.example/slack/oauth_redirect")

    settings = load_settings()

    assert settings.slack_oauth_configured
    assert not settings.slack_configured  # no single bot token
    assert settings.slack_client_id == "1111.2222"
    assert settings.slack_redirect_uri == "https://cx.example/slack/oauth_redirect"
    assert SECRET not in repr(settings)


def test_a_client_id_needs_its_secret_and_the_signing_secret() -> None:
    message = refused(slack_client_id="1111.2222")

    assert "SLACK_CLIENT_SECRET: missing while SLACK_CLIENT_ID is set" in message
    assert "SLACK_SIGNING_SECRET: missing while SLACK_CLIENT_ID is set" in message


def test_a_secret_without_its_client_id_is_refused() -> None:
    message = refused(slack_client_secret=SECRET, slack_signing_secret="signing")

    assert "SLACK_CLIENT_ID: missing while SLACK_CLIENT_SECRET is set" in message


def test_a_bot_token_and_oauth_together_are_refused() -> None:
    message = refused(
        slack_bot_token="xoxb-1-2",
        slack_client_id="1111.2222",
        slack_client_secret=SECRET,
        slack_signing_secret="signing",
    )

    assert "SLACK_BOT_TOKEN: set together with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET" in message


def test_the_redirect_uri_must_be_a_web_address() -> None:
    message = refused(slack_redirect_uri="slack/oauth_redirect")

    assert "SLACK_REDIRECT_URI: is not an http(s) URL" in message
    assert "Redirect URLs" in message


def test_one_workspace_mode_is_unchanged() -> None:
    settings = load_settings(slack_bot_token="xoxb-1-2")

    assert settings.slack_configured
    assert not settings.slack_oauth_configured


def test_the_bot_works_after_its_acks_on_slack_listener_threads(
    monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    monkeypatch.setenv("SLACK_LISTENER_THREADS", "3")
    settings = load_settings(slack_bot_token="xoxb-1", slack_signing_secret="s")

    bolt = build_bolt_app(settings, store)

    executor = bolt.listener_runner.listener_executor
    assert isinstance(executor, ThreadPoolExecutor) and executor._max_workers == 3
    monkeypatch.delenv("SLACK_LISTENER_THREADS")
    assert load_settings().slack_listener_threads == 2
    assert "SLACK_LISTENER_THREADS" in refused(slack_listener_threads="0")
