"""views.open / push / update / publish: modals and App Home, Block Kit checked."""

from __future__ import annotations

from typing import Any

from sandbox.slack.blocks_check import view_problems
from sandbox.slack.context import Call
from sandbox.slack.errors import SlackError, SpecViolation, invalid_arguments
from sandbox.slack.ids import fill_block_ids
from sandbox.slack.methods import Method
from sandbox.slack.shapes import view_shape


def view_payload(call: Call, *allowed: str) -> dict[str, Any]:
    """The call's ``view``; ``invalid_arguments`` (a violation) when Block Kit refuses it."""
    view = call.structured("view")
    problems = view_problems(view, allowed)
    if problems:
        refusal = SpecViolation("invalid_arguments", "; ".join(problems), reason="invalid view")
        refusal.extra["response_metadata"] = {"messages": [f"[ERROR] {p}" for p in problems]}
        raise refusal
    payload: dict[str, Any] = view
    fill_block_ids(payload["blocks"])
    return payload


def _answer(view_dict: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "view": view_dict}


def open_view(call: Call) -> dict[str, Any]:
    payload = view_payload(call, "modal")
    trigger = call.state.surfaces.use_trigger(call.text("trigger_id") or "", call.team)
    return _answer(view_shape(call.state.surfaces.open_modal(call.team, trigger.user_id, payload)))


def push_view(call: Call) -> dict[str, Any]:
    payload = view_payload(call, "modal")
    trigger = call.state.surfaces.use_trigger(call.text("trigger_id") or "", call.team)
    return _answer(view_shape(call.state.surfaces.push_modal(call.team, trigger.user_id, payload)))


def update_view(call: Call) -> dict[str, Any]:
    view_id, external_id = call.text("view_id"), call.text("external_id")
    if not view_id and not external_id:
        raise invalid_arguments("views.update: view_id or external_id is required")
    payload = view_payload(call, "modal", "home")
    found = call.state.surfaces.find_view(call.team.id, view_id, external_id)
    if found is None:
        raise SlackError("not_found")
    updated = call.state.surfaces.update_view(found, payload, call.text("hash"))
    return _answer(view_shape(updated))


def publish_view(call: Call) -> dict[str, Any]:
    payload = view_payload(call, "home")
    user = call.state.workspace.user(call.team, call.text("user_id") or "")
    home = call.state.surfaces.publish_home(call.team, user.id, payload, call.text("hash"))
    return _answer(view_shape(home))


METHODS = {
    "views.open": Method(open_view, "view"),
    "views.push": Method(push_view, "view"),
    "views.update": Method(update_view, "view"),
    "views.publish": Method(publish_view, "view"),
}
