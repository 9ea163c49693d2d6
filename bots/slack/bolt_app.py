"""The Bolt app: ``build_bolt_app(settings, store)``.

Two ways to run (README "Slack"):

* one workspace: SLACK_BOT_TOKEN (+ SLACK_SIGNING_SECRET for HTTP); the token's Slack
  team is JOURNEYOPS_WORKSPACE (``teams.SingleWorkspace``);
* OAuth install: SLACK_CLIENT_ID + SLACK_CLIENT_SECRET + SLACK_SIGNING_SECRET; every team
  that installs the app gets a workspace of its own (``teams.InstalledWorkspaces``).

Requests come over HTTP (``bots.slack.flask_mount``) or Socket Mode
(``bots.slack.socket_mode``). Bolt verifies each signature (401 when it is wrong or more
than 5 minutes old), acks before any listener runs (``process_before_response=False``)
and ignores the bot's own events. Listeners run on SLACK_LISTENER_THREADS threads
(default 2: few, so the acks of a burst are not starved of the GIL). Building the app
calls nothing: the single workspace's token is checked (``auth.test``) at its first
request.
"""

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import cast

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.oauth.oauth_settings import OAuthSettings

from bots.slack.deps import EpicMaker, SlackDeps
from bots.slack.features import register_features
from bots.slack.listener_errors import report_listener_error
from bots.slack.oauth import install_settings
from bots.slack.teams import InstalledWorkspaces, SingleWorkspace, TeamDirectory
from bots.slack.web_client import slack_web_client
from core.errors import SettingsError
from core.settings import Settings
from core.store import Store

logger = logging.getLogger(__name__)
APP_NAME = "journeyops"
NOT_CONFIGURED = (
    "Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET for one "
    "workspace, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET to "
    "install the app through OAuth"
)


def slack_enabled(settings: Settings) -> bool:
    """Is a Slack app configured, in either mode?"""
    return settings.slack_bot_token is not None or settings.slack_oauth_configured


def build_bolt_app(settings: Settings, store: Store, epics: EpicMaker | None = None) -> App:
    """The journeyops Bolt app for ``settings`` (either mode), its features registered.

    ``epics`` serves the alert's "Create a Jira epic" button (without it the button
    records the request and says how to create the epic).

    Without SLACK_SIGNING_SECRET it can only serve Socket Mode: it verifies no signature,
    and ``flask_mount`` does not put it on HTTP.

    Raises:
        SettingsError: neither mode is configured.
    """
    teams: TeamDirectory
    if settings.slack_oauth_configured:
        installed = InstalledWorkspaces(store)
        app = _app(settings, oauth_settings=install_settings(settings, store, installed))
        # app_uninstalled / tokens_revoked delete the team's stored tokens (its workspace
        # and everything in it stay).
        app.enable_token_revocation_listeners()
        teams = installed
    elif settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
        single = SingleWorkspace(store, settings.workspace, slack_web_client(settings, token))

        # A plain function: Bolt passes arguments by the names it reads off the callable
        # (a bound method would list ``self``).
        def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult | None:
            return single.authorize(enterprise_id, team_id)

        # Bolt's hint says AuthorizeResult, but it takes None as "not authorized".
        app = _app(settings, authorize=cast(Callable[..., AuthorizeResult], authorize))
        teams = single
    else:
        raise SettingsError(NOT_CONFIGURED)
    app.error(report_listener_error)
    register_features(app, SlackDeps(settings, store, teams, epics))
    return app


def _app(
    settings: Settings,
    *,
    authorize: Callable[..., AuthorizeResult] | None = None,
    oauth_settings: OAuthSettings | None = None,
) -> App:
    secret = settings.slack_signing_secret
    return App(
        name=APP_NAME,
        logger=logging.getLogger("bots.slack.bolt"),
        client=slack_web_client(settings),
        signing_secret=secret.get_secret_value() if secret is not None else "",
        request_verification_enabled=secret is not None,
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(
            max_workers=settings.slack_listener_threads, thread_name_prefix="slack-listener"
        ),
        authorize=authorize,
        oauth_settings=oauth_settings,
    )
