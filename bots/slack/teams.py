"""Which workspace an incoming Slack request belongs to, in each of the two modes.

``SingleWorkspace``: SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET. The token's team (asked once
with ``auth.test``, at the first request) is JOURNEYOPS_WORKSPACE, and is recorded in
``Workspace.slack_team_id`` then. Requests from any other team are not authorized, so
Bolt answers them 200 and runs no listener.

``InstalledWorkspaces``: SLACK_CLIENT_ID/SECRET (OAuth). Every team that installs the app
gets a workspace of its own (``link_installation``); the rest is slack_sdk's
installation store.

Both are a ``TeamDirectory``: ``workspace_key(team_id)`` is None for a team we do not
serve, and a feature then changes nothing.
"""

import logging
import threading
from typing import Protocol

from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

from core.enums import Origin
from core.services.slack_teams import free_workspace_key, link_slack_team, workspace_of_team
from core.store import Store

logger = logging.getLogger(__name__)
INSTALLER = "slack:install"  # the event log actor of links made by an install
SYSTEM = "journeyops"  # ... and of the single workspace's link at first use


class TeamDirectory(Protocol):
    def workspace_key(self, team_id: str | None) -> str | None:
        """The key of the workspace serving Slack team ``team_id``; None: not one of ours."""
        ...


class SingleWorkspace:
    """The one team of SLACK_BOT_TOKEN, served as workspace ``workspace``.

    Args:
        client: a client at SLACK_API_URL holding the bot token (for ``auth.test``).
    """

    def __init__(self, store: Store, workspace: str, client: WebClient) -> None:
        self._store = store
        self._workspace = workspace
        self._client = client
        self._lock = threading.Lock()
        self._identity: SlackResponse | None = None
        self._linked = False

    def identity(self) -> SlackResponse:
        """``auth.test`` of the bot token, asked once. Raises SlackApiError or
        SlackClientError when Slack refuses or cannot be reached (asked again next time)."""
        with self._lock:
            if self._identity is None:
                self._identity = self._client.auth_test()
            return self._identity

    def authorize(self, enterprise_id: str | None, team_id: str | None) -> AuthorizeResult | None:
        """Bolt's ``authorize``: the bot token, for requests of the token's own team only."""
        identity = self.identity()
        if team_id != identity.get("team_id"):
            logger.warning("slack.team.unknown", extra={"team_id": team_id, "mode": "single"})
            return None
        return AuthorizeResult.from_auth_test_response(
            auth_test_response=identity, bot_token=self._client.token
        )

    def workspace_key(self, team_id: str | None) -> str | None:
        if team_id is None or team_id != self.identity().get("team_id"):
            return None
        if not self._linked:
            self._linked = self._link(team_id)
        return self._workspace if self._linked else None

    def _link(self, team_id: str) -> bool:
        if workspace_of_team(self._store, team_id) == self._workspace:
            return True
        key = self._workspace
        with self._store.unit_of_work(key, actor=SYSTEM, origin=Origin.SLACK) as uow:
            linked = link_slack_team(uow, team_id)
        if linked:
            logger.info("slack.team.linked", extra={"team_id": team_id, "workspace": key})
        else:
            logger.error(
                "slack.team.linked_elsewhere",
                extra={"team_id": team_id, "workspace": key},
            )
        return linked


class InstalledWorkspaces:
    """The teams that installed the app through OAuth, each with a workspace of its own."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        self._known: dict[str, str] = {}

    def workspace_key(self, team_id: str | None) -> str | None:
        if team_id is None:
            return None
        key = self._known.get(team_id)
        if key is None:
            key = workspace_of_team(self._store, team_id)
            if key is not None:
                self._known[team_id] = key  # a team's workspace never changes
        return key

    def link_installation(self, team_id: str, team_name: str) -> str:
        """The workspace of a team that just installed the app: the one it already has
        (a re-install), else a new one keyed after the team's name."""
        with self._lock:
            existing = self.workspace_key(team_id)
            if existing is not None:
                return existing
            key = free_workspace_key(self._store, team_name)
            self._store.ensure_workspace(key, team_name or key)
            with self._store.unit_of_work(key, actor=INSTALLER, origin=Origin.SLACK) as uow:
                linked = link_slack_team(uow, team_id)
            if not linked:  # another process linked the team meanwhile: that one holds
                key = workspace_of_team(self._store, team_id) or key
            self._known[team_id] = key
            logger.info("slack.team.installed", extra={"team_id": team_id, "workspace": key})
            return key
