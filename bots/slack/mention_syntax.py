"""What a mention of the bot asks for: ``@journeyops pain <journey>/<step>: <text>``.

Parsing is pure (no store, no Slack): it splits the message into a command, a place
(journey and step as the user typed them) and the pain point's text, with an optional
``impact: abandon|workaround|trivial``. Anything it cannot read becomes ``Help`` with the
reason, so the bot answers with the syntax, never silence.
"""

import re
from dataclasses import dataclass

from bots.slack.mrkdwn import plain
from core.enums import Impact

MAX_TEXT = 300  # a pain point's title; longer mentions are refused with a message

_BOT_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s,:]*")
_IMPACT = re.compile(r"(?:^|\s)impact\s*[:=]\s*(\w+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class LogPain:
    """``pain <journey>/<step>: <text>``; ``step`` is None when only a journey was named."""

    journey: str
    step: str | None
    text: str
    impact: Impact | None = None


@dataclass(frozen=True)
class Help:
    """Show the syntax; ``reason`` says what was wrong (empty for ``help`` itself)."""

    reason: str = ""


Request = LogPain | Help


def parse_mention(text: str) -> Request:
    """Read a mention's ``text`` (as the event carries it, with the bot's ``<@U...>``)."""
    words = _BOT_MENTION.sub("", text, count=1).strip()
    command, _, rest = words.partition(" ")
    command = command.lower().rstrip(":")
    if command in ("", "help", "?"):
        return Help()
    if command != "pain":
        return Help(f"I don't know `{command[:40]}` yet.")
    where, colon, said = plain(rest).partition(":")
    if not colon:
        return Help("Put a colon between the place and what hurts.")
    impact = None
    found = _IMPACT.search(said)
    if found:
        try:
            impact = Impact(found.group(1).lower())
        except ValueError:
            return Help(f"Impact is abandon, workaround or trivial, not `{found.group(1)[:20]}`.")
        said = said[: found.start()]
    said = " ".join(said.split())
    if not said:
        return Help("Say what hurts after the colon.")
    if len(said) > MAX_TEXT:
        return Help(f"That is {len(said)} characters; keep a pain point under {MAX_TEXT}.")
    journey, slash, step = where.strip().partition("/")
    if not journey.strip():
        return Help("Name the journey before the slash.")
    return LogPain(journey.strip(), step.strip() if slash and step.strip() else None, said, impact)


HELP_TEXT = """\
*Log a pain point* where it happens in a journey:
`@journeyops pain <journey>/<step>: <what hurts>`
e.g. `@journeyops pain checkout/payment: card declined twice, gave up impact: abandon`
• journey and step: their key or name; case and small typos are fine
• `impact:` at the end is optional: `abandon`, `workaround` (default) or `trivial`
• leave out the step (`pain checkout: ...`) and I'll offer a list
• this message becomes the pain point's evidence, with a link back to it
In a thread, I can also capture the whole thread. Use *Add to journey* on any message's \
menu to attach it to an existing pain point.
`/journey list`, `/journey show <key>`, `/journey search <text>` find journeys."""
