"""The ``rich_text`` block Slack's clients attach to a typed message, built from its text.

``<@U123>`` becomes a user element, ``<#C123|name>`` a channel, ``<!here>`` a broadcast,
``<https://x|label>`` a link; the rest is text with ``&amp; &lt; &gt;`` decoded (the
``text`` field keeps them encoded, rich text does not).
"""

from __future__ import annotations

import html
import re
from typing import Any

_ENTITY = re.compile(r"<([@#!]?)([^>|]+)(?:\|([^>]*))?>")


def _element(sigil: str, target: str, label: str | None) -> dict[str, Any]:
    if sigil == "@":
        return {"type": "user", "user_id": target}
    if sigil == "#":
        return {"type": "channel", "channel_id": target}
    if sigil == "!" and target in ("here", "channel", "everyone"):
        return {"type": "broadcast", "range": target}
    if sigil == "":
        link: dict[str, Any] = {"type": "link", "url": target}
        if label:
            link["text"] = html.unescape(label)
        return link
    return {"type": "text", "text": f"<{sigil}{target}>"}


def rich_text_blocks(text: str, block_id: str) -> list[dict[str, Any]]:
    """One rich_text block holding ``text`` (mrkdwn as Slack's ``text`` field carries it)."""
    elements: list[dict[str, Any]] = []
    position = 0
    for found in _ENTITY.finditer(text):
        if found.start() > position:
            elements.append({"type": "text", "text": html.unescape(text[position : found.start()])})
        elements.append(_element(found.group(1), found.group(2), found.group(3)))
        position = found.end()
    if position < len(text):
        elements.append({"type": "text", "text": html.unescape(text[position:])})
    section = {"type": "rich_text_section", "elements": elements}
    return [{"type": "rich_text", "block_id": block_id, "elements": [section]}]
