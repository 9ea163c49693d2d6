"""``bots/slack/manifest.yaml`` is a ready app manifest, and lists everything the code
listens to (an event missing from it would never arrive)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from slack_bolt import App

from bots.slack import manifest
from bots.slack.bolt_app import build_bolt_app
from bots.slack.flask_mount import EVENTS_PATH
from core.settings import Settings
from core.store import Store
from sandbox.slack.model import DEFAULT_BOT_SCOPES

HOST = "https://YOUR-HOST"


MODES = {
    "one workspace": {"slack_bot_token": "xoxb-0-manifest"},
    "oauth": {"slack_client_id": "1.2", "slack_client_secret": "manifest-client-secret"},
}


@pytest.fixture(params=sorted(MODES))
def registered(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> Iterator[dict[str, set[str]]]:
    """What ``build_bolt_app`` registers in each mode: event types, commands, shortcut
    callback ids (given as plain strings; the catch-all pattern is not a subscription)."""
    found: dict[str, set[str]] = {"event": set(), "command": set(), "shortcut": set()}
    for kind, method in (
        ("event", "event"),
        ("command", "command"),
        ("shortcut", "shortcut"),
        ("shortcut", "message_shortcut"),
        ("shortcut", "global_shortcut"),
    ):
        original = getattr(App, method)

        def recording(
            app: App, constraint: Any, *args: Any, _kind: str = kind, _orig: Any = original
        ) -> Any:
            if isinstance(constraint, str):
                found[_kind].add(constraint)
            elif isinstance(constraint, dict) and isinstance(constraint.get("type"), str):
                found[_kind].add(constraint["type"])
            return _orig(app, constraint, *args)

        monkeypatch.setattr(App, method, recording)
    store = Store(f"sqlite:///{tmp_path}/manifest.db")
    settings = Settings(
        journeyops_database_url=store.url,
        slack_signing_secret="manifest-secret",
        **MODES[request.param],
    )
    build_bolt_app(settings, store)
    yield found
    store.dispose()


def test_the_manifest_is_a_slack_app_manifest() -> None:
    data = yaml.safe_load(manifest.MANIFEST_PATH.read_text())

    assert data["display_information"]["name"] == "journeyops"
    assert data["features"]["bot_user"]["display_name"] == "journeyops"
    settings = data["settings"]
    assert settings["event_subscriptions"]["request_url"] == HOST + EVENTS_PATH
    assert settings["interactivity"] == {"is_enabled": True, "request_url": HOST + EVENTS_PATH}
    assert settings["socket_mode_enabled"] is False
    assert data["oauth_config"]["redirect_urls"] == [HOST + "/slack/oauth_redirect"]
    [command] = data["features"]["slash_commands"]
    assert (command["command"], command["url"]) == ("/journey", HOST + EVENTS_PATH)
    [shortcut] = data["features"]["shortcuts"]
    assert (shortcut["type"], shortcut["callback_id"]) == ("message", "add_to_journey")


def test_everything_the_code_listens_to_is_in_the_manifest(
    registered: dict[str, set[str]],
) -> None:
    assert "app_mention" in registered["event"]
    assert registered["event"] <= manifest.bot_events()
    assert registered["command"] <= manifest.slash_commands()
    assert registered["shortcut"] <= manifest.shortcut_callback_ids()


def test_the_scopes_are_what_the_bot_needs_and_slack_knows() -> None:
    scopes = set(manifest.bot_scopes())

    # The Web API methods the bot calls need these (see the stand-in's scope checks).
    assert {"app_mentions:read", "chat:write", "users:read", "commands"} <= scopes
    assert {"channels:history", "groups:history", "im:history", "mpim:history"} <= scopes
    assert scopes <= DEFAULT_BOT_SCOPES
    # Review reminders find a journey owner given by e-mail (users.lookupByEmail).
    assert {"users:read.email", "im:write"} <= scopes
