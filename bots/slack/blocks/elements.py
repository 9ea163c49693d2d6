"""The Block Kit pieces every message of the bot is made of, cut to Slack's limits."""

from collections.abc import Sequence
from typing import Any

Block = dict[str, Any]

SECTION_LIMIT = 3000
LABEL_LIMIT = 75  # option texts, option group labels, button texts
SELECT_OPTION_LIMIT = 100


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain_text(text: str, limit: int = LABEL_LIMIT) -> Block:
    return {"type": "plain_text", "text": clip(text, limit) or " ", "emoji": True}


def section(mrkdwn_text: str) -> Block:
    """A section of mrkdwn; the caller has escaped what it holds of other people's text."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(mrkdwn_text, SECTION_LIMIT)}}


def context(mrkdwn_text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(mrkdwn_text, 2000)}]}


def actions(block_id: str, elements: Sequence[Block]) -> Block:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def button(
    label: str,
    action_id: str,
    *,
    value: str | None = None,
    url: str | None = None,
    style: str | None = None,
) -> Block:
    element: Block = {"type": "button", "action_id": action_id, "text": plain_text(label)}
    if value is not None:
        element["value"] = value
    if url is not None:
        element["url"] = url
    if style is not None:
        element["style"] = style
    return element


def option(label: str, value: str) -> Block:
    return {"text": plain_text(label), "value": value}


def option_group(label: str, options: Sequence[Block]) -> Block:
    return {"label": plain_text(label), "options": list(options)}


def static_select(
    action_id: str,
    placeholder: str,
    *,
    options: Sequence[Block] = (),
    groups: Sequence[Block] = (),
    initial: Block | None = None,
) -> Block:
    """A select menu of ``options``, or of option ``groups``; ``initial`` must be one of
    them (Slack refuses the message otherwise)."""
    element: Block = {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": plain_text(placeholder),
    }
    if groups:
        element["option_groups"] = list(groups)
    else:
        element["options"] = list(options)[:SELECT_OPTION_LIMIT]
    if initial is not None:
        element["initial_option"] = initial
    return element
