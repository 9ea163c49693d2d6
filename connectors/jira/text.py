"""Plain-text shaping for Jira fields: one line, no control characters, clipped on a word.

Jira counts a field's length in Java characters (UTF-16 code units), so an emoji takes two
of the 255 a summary may hold; ``jira_length`` measures the way Jira does.
"""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

ELLIPSIS = "…"

# C0 controls (tab and newline become spaces first), DEL, and lone surrogates, which
# cannot be encoded as UTF-8 and would make the JSON body unsendable.
_UNSENDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x0b\x0c\x85]+")
# What may not appear raw in a wiki-markup link target; percent-encoded instead.
_URL_UNSAFE = {c: f"%{ord(c):02X}" for c in ' "<>[]{}|\\^`'}


def jira_length(text: str) -> int:
    """The length of ``text`` as Jira counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def printable(text: str) -> str:
    """``text`` on one line (line breaks become spaces) without unsendable characters;
    other whitespace is kept as it is."""
    return _UNSENDABLE.sub("", _LINE_BREAKS.sub(" ", text))


def one_line(text: str | None) -> str:
    """``text`` with control characters removed and every run of whitespace one space."""
    return " ".join(_UNSENDABLE.sub("", text or "").split())


def paragraphs(text: str | None) -> list[str]:
    """``text`` split on blank lines, each paragraph on one line; empty ones dropped."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    return [flat for flat in (one_line(block) for block in blocks) if flat]


def clip(text: str | None, limit: int, measure: Callable[[str], int] = len) -> str:
    """``text`` on one line, at most ``limit`` long (by ``measure``), cut after a word.

    A cut text ends with an ellipsis. It is cut at the last space when that keeps at
    least half of the room; a longer unbroken word is cut inside the word instead, so a
    pasted URL or token never leaves only the ellipsis.

    Raises:
        ValueError: ``limit`` leaves no room for the ellipsis.
    """
    flat = one_line(text)
    if measure(flat) <= limit:
        return flat
    room = limit - measure(ELLIPSIS)
    if room < 1:
        raise ValueError(f"a limit of {limit} leaves no room to cut {text!r}")
    cut = flat[:room]
    while measure(cut) > room:
        cut = cut[:-1]
    if flat[len(cut)] != " ":
        space = cut.rfind(" ")
        if space >= room // 2:
            cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link with a host, made safe for link syntax; else None.

    Only web links become links: a ``javascript:`` or ``file:`` permalink stays text.
    Characters that would end a wiki-markup link (``|``, ``]`` ...) or break it
    (spaces) are percent-encoded, which browsers and Jira read as the same address.
    """
    flat = _UNSENDABLE.sub("", (url or "").strip())
    try:
        parts = urlsplit(flat)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return "".join(_URL_UNSAFE.get(c, c) for c in flat)
