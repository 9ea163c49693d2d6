"""Which Slack routes ``create_app`` mounts, in each configuration."""

from __future__ import annotations

import pytest

from bots.slack.bolt_app import build_bolt_app
from bots.slack.flask_mount import bolt_app_of
from core.errors import SettingsError
from core.settings import Settings
from core.store import Store
from webhooks.app import create_app

pytestmark = pytest.mark.usefixtures("clean_env")
TOKEN = "xoxb-0-mount-test"


def settings(db_url: str, **slack: str) -> Settings:
    return Settings(journeyops_database_url=db_url, **slack)


def test_without_slack_nothing_is_mounted(db_url: str, store: Store) -> None:
    app = create_app(settings(db_url), store)

    assert app.test_client().post("/slack/events", data=b"{}").status_code == 404
    assert bolt_app_of(app) is None


def test_one_workspace_serves_events_but_no_install(db_url: str, store: Store) -> None:
    app = create_app(settings(db_url, slack_bot_token=TOKEN, slack_signing_secret="s"), store)
    client = app.test_client()

    assert client.post("/slack/events", data=b"{}").status_code == 401  # unsigned
    assert client.get("/slack/install").status_code == 404
    assert client.get("/slack/events").status_code == 405
    assert bolt_app_of(app) is not None


def test_without_a_signing_secret_only_socket_mode_can_serve(db_url: str, store: Store) -> None:
    app = create_app(settings(db_url, slack_bot_token=TOKEN), store)

    assert app.test_client().post("/slack/events", data=b"{}").status_code == 404
    assert bolt_app_of(app) is not None


def test_oauth_mounts_the_install_routes(db_url: str, store: Store) -> None:
    oauth = {"slack_client_id": "1.2", "slack_client_secret": "c", "slack_signing_secret": "s"}
    client = create_app(settings(db_url, **oauth), store).test_client()

    page = client.get("/slack/install")
    callback = client.get("/slack/oauth_redirect?code=x&state=y")

    assert page.status_code == 200 and b"Add to Slack" in page.data
    assert "client_id=1.2" in page.get_data(as_text=True)
    assert callback.status_code == 400  # no state cookie: not this browser's install


def test_building_the_bolt_app_needs_a_mode(db_url: str, store: Store) -> None:
    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"):
        build_bolt_app(settings(db_url, slack_signing_secret="s"), store)
