"""The OAuth install (SLACK_CLIENT_ID/SECRET): ``/slack/install`` and
``/slack/oauth_redirect``, with slack_sdk's SQLAlchemy stores in our own database.

The installation, bot and OAuth state tables are created by our migrations (see
``core.model.slack_install``). When an install succeeds the team is linked to a
workspace of its own before the "thank you" page is shown; a team that cannot be linked
sees the failure page instead, and no request of it is served.
"""

import logging
from urllib.parse import urljoin

from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy.exc import SQLAlchemyError

from bots.slack.manifest import bot_scopes
from bots.slack.teams import InstalledWorkspaces
from core.errors import JourneyOpsError
from core.model.slack_install import BOTS, INSTALLATIONS, OAUTH_STATES
from core.settings import Settings
from core.store import Store

logger = logging.getLogger(__name__)
STATE_SECONDS = 600  # how long an install link stays valid
ORG_INSTALL = "org_install_unsupported"
LINK_FAILED = "workspace_link_failed"


def authorize_url(api_url: str) -> str:
    """Slack's consent page beside its Web API: ``https://slack.com/oauth/v2/authorize``
    for ``https://slack.com/api/`` (and the sandbox's for the sandbox)."""
    return urljoin(api_url, "../oauth/v2/authorize")


class InstallCallbacks:
    """Link each installing team to a workspace, then show Slack's default pages."""

    def __init__(self, teams: InstalledWorkspaces) -> None:
        self._teams = teams

    def success(self, args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.team_id is None:  # an Enterprise Grid org-wide install
            return self.failure(self._failed(args, ORG_INSTALL, 400))
        try:
            self._teams.link_installation(installation.team_id, installation.team_name or "")
        except (JourneyOpsError, SQLAlchemyError):
            logger.exception("slack.install.link_failed", extra={"team_id": installation.team_id})
            return self.failure(self._failed(args, LINK_FAILED, 500))
        return args.default.success(args)

    def failure(self, args: FailureArgs) -> BoltResponse:
        logger.warning("slack.install.failed", extra={"reason": args.reason})
        return args.default.failure(args)

    @staticmethod
    def _failed(args: SuccessArgs, reason: str, status: int) -> FailureArgs:
        return FailureArgs(
            request=args.request,
            reason=reason,
            suggested_status_code=status,
            settings=args.settings,
            default=args.default,
        )


def installation_store(client_id: str, store: Store) -> SQLAlchemyInstallationStore:
    """slack_sdk's installation store over our tables (the installs of app ``client_id``)."""
    return SQLAlchemyInstallationStore(
        client_id,
        store.engine,
        bots_table_name=BOTS,
        installations_table_name=INSTALLATIONS,
        logger=logger,
    )


def install_settings(settings: Settings, store: Store, teams: InstalledWorkspaces) -> OAuthSettings:
    """Bolt's OAuth settings for ``settings``' client id and secret (which must be set)."""
    client_id = settings.slack_client_id
    secret = settings.slack_client_secret
    assert client_id is not None and secret is not None, "OAuth is not configured"
    callbacks = InstallCallbacks(teams)
    return OAuthSettings(
        client_id=client_id,
        client_secret=secret.get_secret_value(),
        scopes=list(bot_scopes()),
        redirect_uri=settings.slack_redirect_uri,
        authorization_url=authorize_url(settings.slack_api_url),
        installation_store=installation_store(client_id, store),
        state_store=SQLAlchemyOAuthStateStore(
            STATE_SECONDS, store.engine, logger=logger, table_name=OAUTH_STATES
        ),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=CallbackOptions(success=callbacks.success, failure=callbacks.failure),
    )
