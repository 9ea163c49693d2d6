"""The syntax help: for ``@journeyops help``, and for anything the bot cannot read."""

from bots.slack import messages
from bots.slack.blocks.elements import Block, section
from bots.slack.mention_syntax import HELP_TEXT
from bots.slack.mrkdwn import escape


def help_blocks(reason: str = "") -> list[Block]:
    """The help, after ``reason`` (what was wrong, which may quote the person's words)."""
    blocks = [section(escape(HELP_TEXT))]
    if reason:
        blocks.insert(0, section(messages.NOT_UNDERSTOOD.format(reason=escape(reason))))
    return blocks
