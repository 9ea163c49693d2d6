"""What a person's answers in a modal look like to the app: ``view.state.values``, and the
``actions`` entry of a click, derived from the blocks the app really sent.

The sandbox only lets a person use elements that exist: an ``action_id`` not in the view
or message is a ValueError (the test, not the app, is wrong), and so is a submission
that leaves a required input empty (Slack's client would not send it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

SELECTED = {
    "users_select": "selected_user",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
    "multi_users_select": "selected_users",
    "multi_conversations_select": "selected_conversations",
    "multi_channels_select": "selected_channels",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
}


def elements(blocks: list[Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(block, element) for every interactive element with an ``action_id``."""
    for block in blocks:
        if not isinstance(block, dict):
            continue
        found = list(block.get("elements", [])) if block.get("type") == "actions" else []
        found += [block[n] for n in ("accessory", "element") if isinstance(block.get(n), dict)]
        for element in found:
            if isinstance(element, dict) and "action_id" in element:
                yield block, element


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    groups = element.get("option_groups", [])
    return list(element.get("options", [])) + [o for g in groups for o in g.get("options", [])]


def _option(element: dict[str, Any], value: Any) -> dict[str, Any]:
    for option in _options(element):
        if option.get("value") == value:
            return dict(option)
    if element.get("type", "").endswith("external_select"):
        return {"text": {"type": "plain_text", "text": str(value)}, "value": str(value)}
    raise ValueError(f"{element['action_id']}: no option with value {value!r}")


def element_value(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """The state/action fields an element holds with ``value`` chosen or typed."""
    kind = element["type"]
    if kind in SELECTED:
        return {SELECTED[kind]: value}
    if kind in ("static_select", "external_select", "radio_buttons", "overflow"):
        return {"selected_option": None if value is None else _option(element, value)}
    if kind.startswith("multi_") or kind == "checkboxes":
        return {"selected_options": [_option(element, v) for v in value or []]}
    if kind == "button":
        return {"value": element.get("value")} if "value" in element else {}
    return {"value": value}


def state_values(view: dict[str, Any], answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``state.values`` for a submission of ``view`` with ``answers`` by action_id."""
    values: dict[str, dict[str, Any]] = {}
    known = set()
    for block, element in elements(view.get("blocks", [])):
        if block.get("type") != "input":
            continue
        action_id = element["action_id"]
        known.add(action_id)
        answer = answers.get(action_id)
        if answer in (None, "", []) and not block.get("optional", False):
            raise ValueError(f"required input {action_id!r} left empty")
        block_id = block.get("block_id", action_id)
        entry = {"type": element["type"], **element_value(element, answer)}
        values.setdefault(block_id, {})[action_id] = entry
    unknown = set(answers) - known
    if unknown:
        raise ValueError(f"no input with action_id {sorted(unknown)} in the view")
    return values


def action(blocks: list[Any], action_id: str, value: Any, action_ts: str) -> dict[str, Any]:
    """The ``actions[0]`` of a block_actions payload for using ``action_id``."""
    for block, element in elements(blocks):
        if element["action_id"] == action_id:
            entry: dict[str, Any] = {
                "action_id": action_id,
                "block_id": block.get("block_id", ""),
                "type": element["type"],
                "action_ts": action_ts,
            }
            if "text" in element:
                entry["text"] = element["text"]
            if element["type"] == "button" and "style" in element:
                entry["style"] = element["style"]
            return entry | element_value(element, value)
    raise ValueError(f"no element with action_id {action_id!r} in these blocks")
