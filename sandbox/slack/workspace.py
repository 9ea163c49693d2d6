"""Who exists in the sandbox: workspaces (teams), users, channels, tokens and OAuth codes.

Every method takes the state's lock. Lookups are per team: a token of one team never
sees another team's channels or users, as in Slack.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from sandbox.slack.errors import SlackError
from sandbox.slack.ids import IdMaker
from sandbox.slack.model import (
    CHANNEL_KINDS,
    DEFAULT_BOT_SCOPES,
    Channel,
    OAuthCode,
    SlackApp,
    Team,
    User,
)


@dataclass(frozen=True)
class Grant:
    """What a token stands for: a team's bot (``kind="bot"``) or the app (``"app"``)."""

    kind: str
    team: Team | None
    scopes: frozenset[str]


class Workspace:
    def __init__(self, lock: threading.RLock, ids: IdMaker, app: SlackApp) -> None:
        self._lock = lock
        self._ids = ids
        self.app = app
        self.teams: dict[str, Team] = {}
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.revoked: set[str] = set()
        self.oauth_codes: dict[str, OAuthCode] = {}

    # -- set-up ------------------------------------------------------------------------
    def add_team(
        self,
        team_id: str,
        name: str,
        domain: str,
        *,
        bot_token: str | None = None,
        bot_user_id: str | None = None,
        bot_id: str | None = None,
        scopes: Iterable[str] = DEFAULT_BOT_SCOPES,
    ) -> Team:
        """A workspace with the app installed; also creates the bot user."""
        with self._lock:
            team = Team(
                team_id,
                name,
                domain,
                bot_user_id or self._ids.object_id("U"),
                bot_id or self._ids.object_id("B"),
                bot_token or f"xoxb-{team_id}-{self._ids.opaque()}",
                frozenset(scopes),
            )
            self.teams[team_id] = team
            name = self.app.bot_name
            bot = User(team.bot_user_id, team_id, name, name, is_bot=True, bot_id=team.bot_id)
            self.users[bot.id] = bot
            return team

    def add_user(
        self,
        team_id: str,
        user_id: str,
        name: str,
        *,
        real_name: str | None = None,
        email: str | None = None,
        is_admin: bool = False,
    ) -> User:
        with self._lock:
            team = self.teams[team_id]
            address = email or f"{name}@{team.domain}.example"
            user = User(user_id, team_id, name, real_name or name.title(), address)
            user.is_admin = is_admin
            self.users[user_id] = user
            return user

    def add_channel(
        self,
        team_id: str,
        name: str,
        *,
        channel_id: str | None = None,
        kind: str = "public",
        members: Iterable[str] = (),
        bot_member: bool = True,
        is_general: bool = False,
    ) -> Channel:
        """A channel of ``team_id``; the bot is a member unless ``bot_member`` is False."""
        if kind not in CHANNEL_KINDS:
            raise ValueError(f"kind must be one of {CHANNEL_KINDS}, not {kind!r}")
        with self._lock:
            team = self.teams[team_id]
            prefix = {"public": "C", "private": "G"}.get(kind, "D" if kind == "im" else "G")
            people = set(members) | ({team.bot_user_id} if bot_member else set())
            channel = Channel(
                id=channel_id or self._ids.object_id(prefix),
                team_id=team_id,
                name=name,
                kind=kind,
                members=people,
                created=team.created,
                creator=min(people) if people else team.bot_user_id,
                is_general=is_general,
            )
            self.channels[channel.id] = channel
            return channel

    def open_dm(self, team_id: str, user_id: str) -> Channel:
        """The bot's DM with ``user_id``, created on first use."""
        with self._lock:
            for channel in self.channels.values():
                if (channel.kind, channel.team_id, channel.dm_user) == ("im", team_id, user_id):
                    return channel
            channel = self.add_channel(team_id, "", kind="im", members=[user_id])
            channel.dm_user = user_id
            return channel

    # -- lookups -----------------------------------------------------------------------
    def grant(self, token: str) -> Grant | None:
        """What ``token`` stands for; None for an unknown token."""
        with self._lock:
            if token == self.app.app_token:
                return Grant("app", None, frozenset({"connections:write"}))
            for team in self.teams.values():
                if team.bot_token == token:
                    return Grant("bot", team, team.scopes)
            return None

    def channel(self, team: Team, channel_id: str) -> Channel:
        """A channel of ``team`` by id or ``#name``; ``channel_not_found`` otherwise."""
        with self._lock:
            wanted = channel_id.lstrip("#")
            for channel in self.channels.values():
                if channel.team_id == team.id and wanted in (channel.id, channel.name):
                    return channel
            raise SlackError("channel_not_found")

    def user(self, team: Team, user_id: str) -> User:
        with self._lock:
            user = self.users.get(user_id)
            if user is None or user.team_id != team.id:
                raise SlackError("user_not_found")
            return user

    # -- OAuth ---------------------------------------------------------------------------
    def issue_oauth_code(
        self,
        team_id: str,
        user_id: str,
        *,
        redirect_uri: str | None = None,
        scopes: Iterable[str] | None = None,
    ) -> str:
        """A code as Slack appends to the redirect after the user approves the install."""
        with self._lock:
            team = self.teams[team_id]
            code = f"{self._ids.ts().replace('.', '')}.{self._ids.opaque()}"
            granted = frozenset(scopes) if scopes is not None else team.scopes
            self.oauth_codes[code] = OAuthCode(code, team_id, user_id, redirect_uri, granted)
            return code

    def redeem_oauth_code(self, code: str, redirect_uri: str | None) -> OAuthCode:
        """Use a code once; ``invalid_code`` / ``bad_redirect_uri`` like Slack."""
        with self._lock:
            found = self.oauth_codes.get(code)
            if found is None or found.used:
                raise SlackError("invalid_code")
            if found.redirect_uri is not None and redirect_uri != found.redirect_uri:
                raise SlackError("bad_redirect_uri")
            found.used = True
            self.teams[found.team_id].scopes = found.scopes
            return found
