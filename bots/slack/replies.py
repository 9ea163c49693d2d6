"""What the bot answers a person with, privately (ephemeral), and how it is delivered."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bots.slack import messages
from bots.slack.blocks.elements import Block, context, section
from bots.slack.blocks.help import help_blocks
from bots.slack.slack_message import SlackMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """``text`` (escaped mrkdwn) is the notification and the fallback of ``blocks``."""

    text: str
    blocks: list[Block] = field(default_factory=list)


def help_reply(reason: str = "") -> Reply:
    return Reply(messages.HELP_FALLBACK, help_blocks(reason))


def notice(text: str) -> Reply:
    """A one-line answer (escaped mrkdwn)."""
    return Reply(text, [section(text)])


def small_notice(text: str) -> Reply:
    return Reply(text, [context(text)])


def post_ephemeral(client: WebClient, message: SlackMessage, reply: Reply) -> bool:
    """Show ``reply`` to the author of ``message`` only, beside it (in its thread, if it
    is in one). False (logged) when Slack refused or could not be reached."""
    try:
        client.chat_postEphemeral(
            channel=message.channel,
            user=message.user or "",
            text=reply.text,
            blocks=reply.blocks or None,
            thread_ts=message.thread_ts,
        )
    except (SlackApiError, SlackClientError) as exc:
        error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
        logger.warning(
            "slack.reply.failed",
            extra={"channel": message.channel, "error": error or type(exc).__name__},
        )
        return False
    return True


def respond_with(respond: Callable[..., Any], reply: Reply, *, replace: bool = False) -> None:
    """Answer an interaction through its ``response_url`` (Bolt's ``respond``);
    ``replace``: in place of the message clicked in."""
    respond(text=reply.text, blocks=reply.blocks, replace_original=replace)
