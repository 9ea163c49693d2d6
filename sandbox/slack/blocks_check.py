"""Check Block Kit payloads (message ``blocks``, ``view``) as Slack would (USING.md 3c).

The community schema checks each block; the rules across blocks that it leaves out are
checked here: unique ``block_id``s, ``action_id``s unique within their block, at most one
table per message, and a message's 50-block limit (the schema allows the 100 of views).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from jsonschema import Draft202012Validator

from sandbox.slack.specs import VIEW_KINDS, blocks_validator, view_validator

MESSAGE_BLOCK_LIMIT = 50


def _schema_problems(validator: Draft202012Validator, value: Any, where: str) -> list[str]:
    problems = []
    for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
        pointer = "/".join(str(part) for part in error.absolute_path)
        problems.append(f"{where}/{pointer}: {error.message[:300]}")
    return problems


def _elements(block: dict[str, Any]) -> list[dict[str, Any]]:
    found = [e for e in block.get("elements", []) if isinstance(e, dict)]
    for name in ("accessory", "element"):
        if isinstance(block.get(name), dict):
            found.append(block[name])
    return found


def _cross_block_problems(blocks: list[Any], where: str) -> list[str]:
    problems = []
    dicts = [b for b in blocks if isinstance(b, dict)]
    block_ids = Counter(b["block_id"] for b in dicts if "block_id" in b)
    problems += [
        f"{where}: block_id {k!r} is used {n} times" for k, n in block_ids.items() if n > 1
    ]
    for block in dicts:
        action_ids = Counter(e["action_id"] for e in _elements(block) if "action_id" in e)
        problems += [
            f"{where}: action_id {k!r} is used {n} times in one block"
            for k, n in action_ids.items()
            if n > 1
        ]
    if sum(1 for b in dicts if b.get("type") == "table") > 1:
        problems.append(f"{where}: only one table block is allowed")
    return problems


def message_block_problems(blocks: Any) -> list[str]:
    """Why Slack would answer ``invalid_blocks`` to these message blocks (empty: fine)."""
    problems = _schema_problems(blocks_validator(), blocks, "blocks")
    if isinstance(blocks, list):
        if len(blocks) > MESSAGE_BLOCK_LIMIT:
            problems.append(f"blocks: a message holds at most {MESSAGE_BLOCK_LIMIT} blocks")
        problems += _cross_block_problems(blocks, "blocks")
    return problems


def view_problems(view: Any, allowed: tuple[str, ...] = tuple(VIEW_KINDS)) -> list[str]:
    """Why Slack would refuse this view (type among ``allowed``); empty when it is fine."""
    if not isinstance(view, dict):
        return ["view: must be a JSON object"]
    kind = view.get("type")
    if kind not in allowed:
        return [f"view/type: {kind!r} is not one of {list(allowed)}"]
    problems = _schema_problems(view_validator(str(kind)), view, "view")
    blocks = view.get("blocks")
    if isinstance(blocks, list):
        problems += _cross_block_problems(blocks, "view/blocks")
    return problems
