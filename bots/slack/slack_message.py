"""A person's Slack message as evidence: where it is, who wrote it, its permalink and a
plain-text snapshot that outlives the channel's retention."""

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bots.slack.mrkdwn import plain
from core.enums import EvidenceKind
from core.services.evidence import EvidenceInput

logger = logging.getLogger(__name__)
SOURCE = "slack"  # evidence.source of everything captured from Slack


@dataclass(frozen=True)
class SlackMessage:
    """``thread_ts``: the parent of the thread the message is a reply in (None at the top
    level of the channel)."""

    team_id: str | None
    channel: str
    ts: str
    user: str | None
    text: str
    thread_ts: str | None = None

    @property
    def external_id(self) -> str:
        return f"{self.channel}:{self.ts}"

    @classmethod
    def from_event(cls, team_id: str | None, event: dict[str, Any]) -> "SlackMessage":
        """From an ``app_mention`` (or ``message``) event, or a message object of the API."""
        ts = str(event.get("ts", ""))
        thread_ts = event.get("thread_ts")
        return cls(
            team_id=team_id,
            channel=str(event.get("channel", "")),
            ts=ts,
            user=event.get("user"),
            text=str(event.get("text") or ""),
            thread_ts=str(thread_ts) if thread_ts and thread_ts != ts else None,
        )


def from_bot(event: dict[str, Any]) -> bool:
    """Posted by a bot (ours or another): the bot never reacts to those."""
    return bool(event.get("bot_id")) or event.get("subtype") == "bot_message"


def fetch_message(
    client: WebClient, team_id: str | None, channel: str, ts: str
) -> SlackMessage | None:
    """Read one message back from Slack (``conversations.replies`` finds replies too);
    None when it is gone or cannot be read."""
    try:
        answer = client.conversations_replies(
            channel=channel, ts=ts, oldest=ts, latest=ts, inclusive=True, limit=1
        )
    except (SlackApiError, SlackClientError) as exc:
        logger.warning("slack.message.unreadable", extra={"channel": channel, "error": _code(exc)})
        return None
    for found in answer.get("messages") or []:
        if found.get("ts") == ts:
            return SlackMessage.from_event(team_id, {"channel": channel, **found})
    return None


def permalink(client: WebClient, channel: str, ts: str) -> str | None:
    """The message's permalink; None (logged) when Slack cannot give one."""
    try:
        link = client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except (SlackApiError, SlackClientError) as exc:
        logger.warning("slack.permalink.failed", extra={"channel": channel, "error": _code(exc)})
        return None
    return str(link) if link else None


def display_name(client: WebClient, user_id: str | None) -> str | None:
    """How readers outside Slack know ``user_id``: the real name, else the display name,
    else the handle; the id itself when ``users.info`` cannot tell."""
    if not user_id:
        return None
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except (SlackApiError, SlackClientError) as exc:
        logger.info("slack.user.unknown", extra={"user": user_id, "error": _code(exc)})
        return user_id
    profile = user.get("profile") or {}
    for name in (profile.get("real_name"), user.get("real_name"), profile.get("display_name")):
        if name:
            return str(name)
    return str(user.get("name") or user_id)


def message_evidence(client: WebClient, message: SlackMessage) -> EvidenceInput:
    """The message itself as evidence: permalink, author, snapshot; ``slack`` + channel:ts
    identify it, so capturing it again merges."""
    return EvidenceInput(
        kind=EvidenceKind.SLACK_MESSAGE,
        text=plain(message.text),
        source=SOURCE,
        external_id=message.external_id,
        permalink=permalink(client, message.channel, message.ts),
        author=display_name(client, message.user),
        captured_by=message.user,
    )


def _code(exc: Exception) -> str:
    """The Slack error code (``channel_not_found``), or the exception's type: never the
    whole response, which may echo what was sent."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or exc.response.status_code)
    return type(exc).__name__
