"""The records of the Slack sandbox: workspaces, people, conversations, messages, views.

Plain dataclasses; the state (``state.py`` and its parts) creates and changes them under
its lock. Answers are shaped from them in ``shapes.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The scopes an app built from bots/slack/manifest.yaml would hold; tests can narrow them.
DEFAULT_BOT_SCOPES = frozenset(
    {
        "app_mentions:read",
        "channels:history",
        "channels:read",
        "chat:write",
        "commands",
        "groups:history",
        "groups:read",
        "im:history",
        "im:read",
        "im:write",
        "mpim:history",
        "mpim:read",
        "reactions:write",
        "team:read",
        "users:read",
        "users:read.email",
    }
)
CHANNEL_KINDS = ("public", "private", "im", "mpim")


@dataclass(frozen=True)
class SlackApp:
    """The app as configured at api.slack.com: ids and the secrets Slack shares with it."""

    app_id: str = "A0JOURNEY1"
    client_id: str = "1111111111.2222222222"
    client_secret: str = "sandbox-client-secret"
    signing_secret: str = "sandbox-signing-secret"
    verification_token: str = "sandbox-verification-token"
    app_token: str = "xapp-1-A0JOURNEY1-sandbox-app-token"
    bot_name: str = "journeyops"
    redirect_url: str = ""


@dataclass
class Team:
    """A workspace with the app installed: its bot user, bot id and bot token."""

    id: str
    name: str
    domain: str
    bot_user_id: str
    bot_id: str
    bot_token: str
    scopes: frozenset[str] = DEFAULT_BOT_SCOPES
    created: int = 1_600_000_000


@dataclass
class User:
    id: str
    team_id: str
    name: str
    real_name: str
    email: str = ""
    is_bot: bool = False
    is_admin: bool = False
    deleted: bool = False
    tz: str = "Europe/Berlin"
    tz_offset: int = 3600
    bot_id: str | None = None


@dataclass
class Channel:
    """A conversation; ``kind`` is public, private, im or mpim. ``members`` are user ids."""

    id: str
    team_id: str
    name: str
    kind: str
    members: set[str]
    created: int
    creator: str
    topic: str = ""
    purpose: str = ""
    is_archived: bool = False
    is_general: bool = False
    dm_user: str | None = None

    @property
    def is_private(self) -> bool:
        return self.kind != "public"


@dataclass
class Message:
    """A message in a channel's history; ``thread_ts`` set on parents with replies and on
    replies. Bot posts carry ``bot_id`` and ``app_id`` (the app ignores its own by them)."""

    channel: str
    ts: str
    team: str
    text: str
    user: str | None
    bot_id: str | None = None
    app_id: str | None = None
    blocks: list[Any] | None = None
    attachments: list[Any] | None = None
    thread_ts: str | None = None
    reply_broadcast: bool = False
    edited: dict[str, str] | None = None
    metadata: dict[str, Any] | None = None
    client_msg_id: str | None = None
    reactions: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts


@dataclass
class Ephemeral:
    """A message only ``user`` sees; ``via`` says how it came (chat.postEphemeral,
    response_url, ack)."""

    channel: str
    user: str
    ts: str
    text: str
    blocks: list[Any] | None
    thread_ts: str | None
    via: str


@dataclass
class View:
    """A modal or App Home view as Slack holds it; ``hash`` changes on every update."""

    id: str
    team_id: str
    user_id: str
    type: str
    payload: dict[str, Any]
    hash: str
    app_id: str
    bot_id: str
    root_view_id: str
    previous_view_id: str | None = None
    external_id: str = ""
    closed: bool = False
    values: dict[str, dict[str, Any]] = field(default_factory=dict)

    def option_value(self, block_id: str, label_part: str) -> str:
        """The value of the option a person would pick in input block ``block_id``: the
        first whose label holds ``label_part`` (options or option groups)."""
        [block] = [b for b in self.payload["blocks"] if b.get("block_id") == block_id]
        element = block["element"]
        options = element.get("options") or [
            o for group in element.get("option_groups", []) for o in group["options"]
        ]
        return str(next(o["value"] for o in options if label_part in o["text"]["text"]))


@dataclass
class Trigger:
    """A trigger_id handed to the app with an interaction; usable once, for 3 seconds."""

    id: str
    team_id: str
    user_id: str
    issued_at: float
    used: bool = False
    view_id: str | None = None


@dataclass
class ResponseUrl:
    """A response_url handed to the app; Slack allows five uses in thirty minutes."""

    id: str
    team_id: str
    channel_id: str | None
    user_id: str
    message_ts: str | None = None
    source_is_ephemeral: bool = False
    thread_ts: str | None = None
    uses: int = 0


@dataclass
class ResponsePost:
    """What the app posted to a response_url, and what it did (ephemeral, in_channel,
    replace_original, delete_original)."""

    url_id: str
    payload: dict[str, Any]
    effect: str
    ts: str | None = None


@dataclass
class OAuthCode:
    code: str
    team_id: str
    user_id: str
    redirect_uri: str | None
    scopes: frozenset[str]
    used: bool = False
