"""``POST <root>/response/<id>``: what the app sends to a response_url.

Slack's rules: JSON with ``text`` / ``blocks``; ``response_type`` ``ephemeral`` (default)
or ``in_channel``; ``replace_original`` / ``delete_original`` act on the message the
interaction came from; a response_url takes five posts. Every post lands in
``state.surfaces.response_posts`` with its effect; messages land in the chat.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, jsonify, request

from sandbox.slack.blocks_check import message_block_problems
from sandbox.slack.context import box
from sandbox.slack.errors import SpecViolation
from sandbox.slack.model import ResponsePost, ResponseUrl
from sandbox.slack.state import SlackState

bp = Blueprint("slack_response", __name__)
USES = 5


def response_kind(body: bytes) -> str:
    """``post`` for answers that change the channel (in_channel, replace or delete the
    original), else ``ephemeral`` (request counters)."""
    try:
        payload = json.loads(body or b"{}")
    except ValueError:
        return "ephemeral"
    if not isinstance(payload, dict):
        return "ephemeral"
    public = payload.get("response_type") == "in_channel"
    return (
        "post"
        if public or payload.get("replace_original") or payload.get("delete_original")
        else "ephemeral"
    )


def _payload() -> dict[str, Any]:
    try:
        payload = json.loads(request.get_data() or b"{}")
    except ValueError as exc:
        raise SpecViolation("invalid_payload", f"not JSON: {exc}", status=400) from exc
    if not isinstance(payload, dict):
        raise SpecViolation("invalid_payload", "a JSON object is required", status=400)
    return payload


def _apply(state: SlackState, url: ResponseUrl, payload: dict[str, Any]) -> ResponsePost:
    text = str(payload.get("text", ""))
    blocks = payload.get("blocks")
    channel = state.workspace.channels.get(url.channel_id or "")
    team = state.workspace.teams[url.team_id]
    source = state.chat.find(channel.id, url.message_ts) if channel and url.message_ts else None
    if payload.get("delete_original") and source is not None:
        state.chat.delete(source)
        return ResponsePost(url.id, payload, "delete_original", source.ts)
    if channel is None:
        raise SpecViolation("channel_not_found", "this response_url has no channel", status=404)
    if not text and not blocks:
        raise SpecViolation("no_text", "a response needs text or blocks", status=400)
    if payload.get("replace_original") and source is not None:
        state.chat.update(source, {"text": text, "blocks": blocks})
        return ResponsePost(url.id, payload, "replace_original", source.ts)
    thread_ts = payload.get("thread_ts") or url.thread_ts
    if payload.get("response_type") == "in_channel":
        posted = state.chat.post_as_bot(team, channel, text, blocks=blocks, thread_ts=thread_ts)
        return ResponsePost(url.id, payload, "in_channel", posted.ts)
    effect = "replace_original" if payload.get("replace_original") else "ephemeral"
    shown = state.chat.add_ephemeral(
        channel, url.user_id, text, blocks, thread_ts=thread_ts, via="response_url"
    )
    return ResponsePost(url.id, payload, effect, shown.ts)


@bp.post("/response/<url_id>")
def respond(url_id: str) -> Response:
    state = box().state
    url = state.surfaces.response_urls.get(url_id)
    if url is None:
        detail = f"response_url {url_id} was never issued"
        raise SpecViolation("no_service", detail, reason="unknown response_url", status=404)
    if url.uses >= USES:
        detail = f"response_url {url_id} already used {USES} times"
        raise SpecViolation("used_url", detail, reason="used response_url", status=404)
    payload = _payload()
    if payload.get("blocks") is not None:
        problems = message_block_problems(payload["blocks"])
        if problems:
            raise SpecViolation(
                "invalid_blocks", "; ".join(problems), reason="invalid blocks", status=400
            )
    url.uses += 1
    post = _apply(state, url, payload)
    state.surfaces.response_posts.append(post)
    return jsonify(ok=True)
