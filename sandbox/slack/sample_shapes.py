"""Keep the sandbox's answers and payloads to the shapes Slack really sends.

The java-slack-sdk samples are the union of the fields seen in real payloads, with the
values blanked. "Every key we emit exists in the sample at the same place" catches
invented fields (USING.md 3d). Lists are checked against the union of the sample's items.
Echoes of what the app itself sent (``blocks``, ``attachments``, view ``state``) are
Block Kit's business, not the sample's: they are allowed anywhere (the samples drop
``blocks`` from views) and not looked into.
"""

from __future__ import annotations

import functools
from typing import Any

from sandbox.slack.specs import sample

OPAQUE = frozenset({"blocks", "attachments", "state", "event_payload", "values"})
KeyTree = dict[str, Any]


def _merge(tree: KeyTree | None, node: Any) -> KeyTree | None:
    if isinstance(node, list):
        for item in node:
            tree = _merge(tree, item)
        return tree
    if not isinstance(node, dict):
        return tree
    merged: KeyTree = dict(tree or {})
    for key, value in node.items():
        merged[key] = _merge(merged.get(key), value)
    return merged


@functools.cache
def key_tree(relative: str) -> KeyTree | None:
    """The merged key tree of one sample file (None when there is no such sample)."""
    return _merge(None, sample(relative))


def unknown_keys(value: Any, tree: KeyTree | None, where: str = "") -> list[str]:
    """Paths of keys in ``value`` that the sample tree does not have (an empty sample
    object accepts anything)."""
    if isinstance(value, list):
        return [path for item in value for path in unknown_keys(item, tree, where + "[]")]
    if not isinstance(value, dict) or not tree:
        return []
    found: list[str] = []
    for key, item in value.items():
        path = f"{where}.{key}" if where else key
        if key in OPAQUE:
            continue
        if key not in tree:
            found.append(path)
        else:
            found.extend(unknown_keys(item, tree[key], path))
    return found


PAYLOAD_SAMPLES = {
    "app_mention": "events/AppMentionPayload.json",
    "message": "events/MessagePayload.json",
    "app_home_opened": "events/AppHomeOpenedPayload.json",
    "block_actions": "app-backend/interactive-components/BlockActionPayload.json",
    "message_action": "app-backend/interactive-components/MessageShortcutPayload.json",
    "view_submission": "app-backend/views/ViewSubmissionPayload.json",
    "command": "app-backend/slash-commands/SlashCommandPayload.json",
}


def payload_shape_problem(kind: str, payload: dict[str, Any]) -> str | None:
    """``shape_problem`` for a request the sandbox sends to the app (by its event or
    payload type; types without a sample pass)."""
    if kind == "command":
        name = "command"
    elif kind == "events":
        name = str(payload.get("event", {}).get("type", payload.get("type")))
    else:
        name = str(payload.get("type"))
    relative = PAYLOAD_SAMPLES.get(name)
    return shape_problem(payload, relative) if relative else None


def shape_problem(value: Any, relative: str) -> str | None:
    """Why ``value`` strays from the sample ``relative`` (None when it keeps to it or
    there is no sample)."""
    tree = key_tree(relative)
    if tree is None:
        return None
    extra = unknown_keys(value, tree)
    if not extra:
        return None
    return f"keys not in samples/{relative}: {', '.join(extra)}"
