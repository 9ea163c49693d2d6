"""The OAuth install (SLACK_CLIENT_ID/SECRET) through the stand-in's consent page and
oauth.v2.access: each installing team gets a workspace of its own, in our database."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from flask import Flask
from slack_bolt.oauth.callback_options import SuccessArgs
from slack_bolt.oauth.oauth_flow import OAuthFlow
from slack_bolt.request import BoltRequest
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import func, select

from bots.slack.manifest import bot_scopes
from bots.slack.oauth import InstallCallbacks, install_settings
from bots.slack.teams import InstalledWorkspaces
from bots.slack.workspace_clients import workspace_clients
from core.model import slack_bots, slack_installations, slack_oauth_states
from core.settings import Settings
from core.store import Store
from sandbox.slack import SEED, RunningSandbox, SlackRequest
from sandbox.slack.event_payloads import envelope
from tests.bots.slack.conftest import MENTION, Bot, import_journeys, served
from tests.sandbox.slack.conftest import eventually
from webhooks.app import create_app

STATE_COOKIE = "slack-app-oauth-state"
TEXT = "pain ecommerce-checkout/card-entry: card form rejects spaces"


class Later:
    """A WSGI app set once the server's URL is known (the redirect URI needs it)."""

    app: Flask | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        assert self.app is not None
        return self.app(environ, start_response)


@dataclass
class Installer:
    """Our app in OAuth mode, and a person's browser going through the install."""

    bot: Bot
    redirect_uri: str

    def install(self, team: str = SEED.team_id) -> httpx.Response:
        """Open /slack/install, follow "Add to Slack" to the consent page (which allows
        at once), and come back to our redirect with the code; our last answer."""
        page = httpx.get(f"{self.bot.url}/slack/install", timeout=10)
        assert page.status_code == 200
        state = page.cookies[STATE_COOKIE]  # Secure: a browser would send it over https
        found = re.search(r'<a href="([^"]+)"', page.text)
        assert found is not None
        consent = httpx.get(html.unescape(found.group(1)) + f"&team={team}", timeout=10)
        assert consent.status_code == 302
        back = consent.headers["location"]
        assert back.startswith(self.redirect_uri + "?")
        return httpx.get(back, headers={"Cookie": f"{STATE_COOKIE}={state}"}, timeout=10)


def oauth_settings(db_url: str, slack: RunningSandbox, redirect_uri: str) -> Settings:
    app = slack.state.app
    return Settings(
        journeyops_database_url=db_url,
        slack_client_id=app.client_id,
        slack_client_secret=app.client_secret,
        slack_signing_secret=app.signing_secret,
        slack_redirect_uri=redirect_uri,
        slack_api_url=slack.url,
        confluence_sync_minutes=0,
    )


@pytest.fixture
def installer(
    clean_env: None,
    db_url: str,
    store: Store,
    slack: RunningSandbox,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[Installer]:
    caplog.set_level(logging.INFO)
    later = Later()
    with served(later) as url:
        redirect_uri = f"{url}/slack/oauth_redirect"
        later.app = create_app(oauth_settings(db_url, slack, redirect_uri), store)
        slack.events.configure(f"{url}/slack/events")
        bot = Bot(slack, store, url, caplog, workspace="journeyops-sandbox")
        yield Installer(bot, redirect_uri)


def rows(store: Store, table: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def test_an_install_creates_a_workspace_linked_to_the_team(installer: Installer) -> None:
    bot = installer.bot

    answer = installer.install()

    assert answer.status_code == 200
    assert "Thank you" in answer.text
    assert bot.workspaces() == {"journeyops-sandbox": SEED.team_id}
    assert (rows(bot.store, slack_installations), rows(bot.store, slack_bots)) == (1, 1)
    assert rows(bot.store, slack_oauth_states) == 0  # the state was used up
    authorize = [r for r in bot.slack.state.requests if r.path == "/api/oauth.v2.access"]
    assert len(authorize) == 1
    granted = bot.slack.state.workspace.teams[SEED.team_id].scopes
    assert granted == frozenset(bot_scopes())
    assert ("workspace.slack_team_linked", "slack:install", "slack") in bot.events()


def test_the_installed_team_is_served_and_others_are_not(installer: Installer) -> None:
    bot = installer.bot
    installer.install()
    import_journeys(bot.store, "journeyops-sandbox")

    bot.mention(TEXT)
    bot.ephemerals()
    other = bot.slack.events.user_message(SEED.other_user, SEED.other_general, f"{MENTION} {TEXT}")
    refused = bot.slack.events.send(other)

    [pain_point] = bot.pain_points()
    assert pain_point.title == "card form rejects spaces"
    assert refused.status == 200
    assert bot.slack.state.chat.ephemerals_for(SEED.other_user) == []
    assert set(bot.workspaces()) == {"journeyops-sandbox"}


def test_a_second_team_gets_its_own_workspace_and_a_reinstall_keeps_it(
    installer: Installer,
) -> None:
    installer.install()
    installer.install(SEED.other_team_id)
    installer.install()

    assert installer.bot.workspaces() == {
        "journeyops-sandbox": SEED.team_id,
        "other-company": SEED.other_team_id,
    }


def test_a_forged_state_installs_nothing(installer: Installer) -> None:
    bot = installer.bot
    page = httpx.get(f"{bot.url}/slack/install", timeout=10)
    query = parse_qs(urlsplit(html.unescape(re.findall(r'<a href="([^"]+)"', page.text)[0])).query)

    answer = httpx.get(
        f"{installer.redirect_uri}?code=whatever&state={query['state'][0]}",
        headers={"Cookie": f"{STATE_COOKIE}=someone-elses"},
        timeout=10,
    )

    assert answer.status_code == 400
    assert bot.workspaces() == {}
    assert rows(bot.store, slack_installations) == 0


def test_an_uninstall_forgets_the_tokens_and_keeps_the_workspace(installer: Installer) -> None:
    bot = installer.bot
    installer.install()
    with bot.slack.state.lock:
        team = bot.slack.state.workspace.teams[SEED.team_id]
        payload = envelope(bot.slack.state, team, {"type": "app_uninstalled", "event_ts": "1.2"})

    delivery = bot.slack.events.send(SlackRequest("events", payload))

    assert delivery.status == 200
    assert eventually(lambda: rows(bot.store, slack_installations) == 0)  # after the ack
    assert eventually(lambda: rows(bot.store, slack_bots) == 0)
    assert bot.workspaces() == {"journeyops-sandbox": SEED.team_id}


def test_an_org_wide_install_is_refused(
    clean_env: None, db_url: str, store: Store, slack: RunningSandbox
) -> None:
    settings = oauth_settings(db_url, slack, "https://cx.example/slack/oauth_redirect")
    teams = InstalledWorkspaces(store)
    flow = OAuthFlow(settings=install_settings(settings, store, teams))
    org_wide = Installation(user_id="U0ADMIN001", enterprise_id="E0ORG00001", team_id=None)
    args = SuccessArgs(
        request=BoltRequest(body="", query=""),
        installation=org_wide,
        settings=flow.settings,
        default=flow.default_callback_options,
    )

    answer = InstallCallbacks(teams).success(args)

    assert answer.status == 400
    assert store.workspaces() == []


def test_the_scheduler_reaches_each_installed_team_with_its_own_token(
    installer: Installer, db_url: str
) -> None:
    bot = installer.bot
    installer.install()
    installer.install(SEED.other_team_id)
    settings = oauth_settings(db_url, bot.slack, installer.redirect_uri)

    reached = {
        key: client.auth_test()["team_id"] for key, client in workspace_clients(bot.store, settings)
    }

    assert reached == {"journeyops-sandbox": SEED.team_id, "other-company": SEED.other_team_id}
    with bot.slack.state.lock:
        team = bot.slack.state.workspace.teams[SEED.team_id]
        payload = envelope(bot.slack.state, team, {"type": "app_uninstalled", "event_ts": "1.3"})
    bot.slack.events.send(SlackRequest("events", payload))
    assert eventually(
        lambda: [key for key, _ in workspace_clients(bot.store, settings)] == ["other-company"]
    )
