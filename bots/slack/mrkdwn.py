"""Putting user text into Slack messages safely, and reading it back out of events.

Slack's mrkdwn treats ``<...>`` as links and mentions (``<!channel>``, ``<!here>``,
``<@U123>``, ``<#C123>``) and ``&`` as the start of an entity, so user text is escaped
(``&`` → ``&amp;``, ``<`` → ``&lt;``, ``>`` → ``&gt;``) before it goes into any text we
post: a pain point can never ping a channel. See Slack's "Escaping text" rules.
"""

import re

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ENTITY = re.compile(r"&(amp|lt|gt);")
# <https://example.com|label>, <mailto:a@b.c|label>, <@U123|name>, <#C123|name>, <!here>
_ANGLED = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def escape(text: str) -> str:
    """``text`` as inert mrkdwn: shows exactly what the user wrote, links and pings nothing."""
    return re.sub(r"[&<>]", lambda match: _ESCAPES[match.group()], text)


def unescape(text: str) -> str:
    """The characters Slack escaped in an event's ``text`` (``&amp;``, ``&lt;``, ``&gt;``)."""
    return _ENTITY.sub(lambda match: {"amp": "&", "lt": "<", "gt": ">"}[match.group(1)], text)


def plain(text: str) -> str:
    """An event's ``text`` as a person reads it: links as their label (or URL), user and
    channel mentions as their name when Slack gave one, entities decoded."""

    def readable(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if label:
            return label if not target.startswith("@") else f"@{label}"
        if target.startswith("!"):
            return "@" + target[1:].split("^", 1)[0]
        return target

    return unescape(_ANGLED.sub(readable, text))
