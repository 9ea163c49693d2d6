"""What Slack does with the app's answer to a request (its ``ack``).

* ``url_verification``: the answer must carry the ``challenge`` (JSON or plain text).
* ``view_submission``: no ``response_action`` closes the submitted view; ``errors`` keeps
  it open; ``update`` replaces it; ``push`` stacks a new one; ``clear`` closes them all.
  Views in answers are Block Kit checked like views.open's.
* slash commands: a non-empty answer is shown to the user (``ephemeral``, the default) or
  posted by the app (``response_type: in_channel``).

Anything Slack would refuse is a violation in the state, as on the Web API.
"""

from __future__ import annotations

from typing import Any

from sandbox.slack.blocks_check import message_block_problems, view_problems
from sandbox.slack.deliveries import Delivery
from sandbox.slack.state import SlackState


def _refuse(state: SlackState, delivery: Delivery, reason: str, problems: list[str]) -> None:
    delivery.problems.extend(problems)
    where = delivery.request.kind
    detail = "; ".join(problems)
    state.record_violation(
        {"method": "ack", "path": where, "query": "", "reason": reason, "detail": detail}
    )


def _challenge(delivery: Delivery) -> None:
    expected = delivery.request.payload["challenge"]
    answer = delivery.answer_json()
    echoed = answer.get("challenge") if isinstance(answer, dict) else delivery.answer.decode()
    delivery.effect = "challenge echoed" if echoed == expected else ""
    if echoed != expected:
        delivery.problems.append("the challenge was not echoed")


def _view_submission(state: SlackState, delivery: Delivery) -> None:
    submitted = delivery.request.payload["view"]
    view = state.surfaces.views[submitted["id"]]
    answer = delivery.answer_json()
    action = answer.get("response_action") if isinstance(answer, dict) else None
    stack = [v.id for v in state.surfaces.modal_stack(view.user_id, view.team_id)]
    team = state.workspace.teams[view.team_id]
    if action in ("update", "push"):
        problems = view_problems(
            answer.get("view") if isinstance(answer, dict) else None, ("modal",)
        )
        if problems:
            _refuse(state, delivery, "invalid view", problems)
            return
        payload: dict[str, Any] = answer["view"]
        if action == "update":
            state.surfaces.update_view(view, payload, None)
        else:
            state.surfaces.push_modal(team, view.user_id, payload)
        delivery.effect = f"view {action}d" if action == "update" else "view pushed"
    elif action == "errors":
        delivery.effect = "errors shown"
    elif action == "clear":
        state.surfaces.close_modals(view.team_id, view.user_id)
        delivery.effect = "views cleared"
    elif action is None:
        keep = stack.index(view.id) if view.id in stack else len(stack)
        state.surfaces.close_modals(view.team_id, view.user_id, keep)
        delivery.effect = "view closed"
    else:
        _refuse(state, delivery, "invalid response_action", [f"unknown response_action {action!r}"])


def _command_answer(state: SlackState, delivery: Delivery) -> None:
    if not delivery.answer.strip():
        return
    fields = delivery.request.payload
    answer = delivery.answer_json()
    message = answer if isinstance(answer, dict) else {"text": delivery.answer.decode()}
    blocks = message.get("blocks")
    if blocks is not None:
        problems = message_block_problems(blocks)
        if problems:
            _refuse(state, delivery, "invalid blocks", problems)
            return
        blocks = list(blocks)
    team = state.workspace.teams[fields["team_id"]]
    channel = state.workspace.channels[fields["channel_id"]]
    text = str(message.get("text", ""))
    if message.get("response_type") == "in_channel":
        state.chat.post_as_bot(team, channel, text, blocks=blocks)
        delivery.effect = "in_channel"
    else:
        state.chat.add_ephemeral(channel, fields["user_id"], text, blocks, via="ack")
        delivery.effect = "ephemeral"


def apply_ack(state: SlackState, delivery: Delivery) -> None:
    """Carry out what the app's 200 answer asks of Slack (nothing for other statuses)."""
    if delivery.status != 200:
        return
    request = delivery.request
    with state.lock:
        if request.kind == "events" and request.payload.get("type") == "url_verification":
            _challenge(delivery)
        elif request.kind == "interactivity" and request.payload["type"] == "view_submission":
            _view_submission(state, delivery)
        elif request.kind == "command":
            _command_answer(state, delivery)
