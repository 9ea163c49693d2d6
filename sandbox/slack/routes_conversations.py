"""Reading: auth.test, conversations.history / replies / info / open, users.info / list /
lookupByEmail, team.info."""

from __future__ import annotations

import base64
import binascii
import time
from typing import Any

from sandbox.slack.context import Call
from sandbox.slack.errors import SlackError, invalid_arguments
from sandbox.slack.methods import Method, history_scope, read_scope
from sandbox.slack.model import Channel, Message
from sandbox.slack.routes_chat import visible_channel
from sandbox.slack.shapes import (
    bot_profile,
    channel_shape,
    im_shape,
    message_shape,
    team_shape,
    user_shape,
)


def auth_test(call: Call) -> dict[str, Any]:
    team = call.team
    return {
        "ok": True,
        "url": f"https://{team.domain}.slack.com/",
        "team": team.name,
        "user": call.state.app.bot_name,
        "team_id": team.id,
        "user_id": team.bot_user_id,
        "bot_id": team.bot_id,
        "is_enterprise_install": False,
    }


def _readable(call: Call) -> Channel:
    channel = visible_channel(call)
    if call.team.bot_user_id not in channel.members:
        raise SlackError("not_in_channel")
    return channel


def _cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _offset(call: Call) -> int:
    cursor = call.text("cursor")
    if not cursor:
        return 0
    try:
        label, _, number = base64.b64decode(cursor).decode().partition(":")
        if label == "offset" and number.isdigit():
            return int(number)
    except (ValueError, binascii.Error):
        pass
    raise SlackError("invalid_cursor")


def _page(call: Call, found: list[Message], default_limit: int) -> dict[str, Any]:
    """Filter by oldest/latest/inclusive, then cut one page; the common answer fields."""
    oldest = float(call.text("oldest") or 0)
    latest = float(call.text("latest") or "inf")
    inclusive = call.flag("inclusive")
    kept = [
        m
        for m in found
        if (oldest <= float(m.ts) <= latest if inclusive else oldest < float(m.ts) < latest)
    ]
    limit = min(max(call.number("limit", default_limit), 1), 1000)
    start = _offset(call)
    page = kept[start : start + limit]
    more = start + limit < len(kept)
    profile = bot_profile(call.team, call.state.app.app_id, call.state.app.bot_name)
    return {
        "ok": True,
        "messages": [message_shape(m, call.state.chat, profile) for m in page],
        "has_more": more,
        "response_metadata": {"next_cursor": _cursor(start + limit) if more else ""},
    }


def history(call: Call) -> dict[str, Any]:
    channel = _readable(call)
    answer = _page(call, call.state.chat.history(channel.id), 100)
    return answer | {"pin_count": 0, "channel_actions_ts": None, "channel_actions_count": 0}


def replies(call: Call) -> dict[str, Any]:
    channel = _readable(call)
    ts = call.text("ts")
    if not ts:
        raise invalid_arguments("conversations.replies: ts is required")
    return _page(call, call.state.chat.thread(channel.id, ts), 1000)


def info(call: Call) -> dict[str, Any]:
    channel = visible_channel(call)
    viewer = call.team.bot_user_id
    return {"ok": True, "channel": channel_shape(channel, viewer, call.flag("include_num_members"))}


def open_conversation(call: Call) -> dict[str, Any]:
    team = call.team
    users = [u.strip() for u in (call.text("users") or "").split(",") if u.strip()]
    if call.text("channel"):
        channel = visible_channel(call)
        return {
            "ok": True,
            "channel": im_shape(channel) if channel.kind == "im" else {"id": channel.id},
        }
    if len(users) != 1:
        raise SlackError("not_enough_users" if not users else "too_many_users")
    user = call.state.workspace.user(team, users[0])
    existed = any(
        c.kind == "im" and c.dm_user == user.id and c.team_id == team.id
        for c in call.state.workspace.channels.values()
    )
    channel = call.state.workspace.open_dm(team.id, user.id)
    shape = im_shape(channel) if call.flag("return_im") else {"id": channel.id}
    answer: dict[str, Any] = {"ok": True, "channel": shape}
    if existed:
        answer.update(no_op=True, already_open=True)
    return answer


def users_info(call: Call) -> dict[str, Any]:
    user = call.state.workspace.user(call.team, call.text("user") or "")
    return {"ok": True, "user": user_shape(user, "users:read.email" in call.team.scopes)}


def users_list(call: Call) -> dict[str, Any]:
    """The team's people (and bots), a page at a time (``limit``, ``cursor``)."""
    team = call.team
    with call.state.lock:
        people = sorted(
            (u for u in call.state.workspace.users.values() if u.team_id == team.id),
            key=lambda u: u.id,
        )
    start = _offset(call)
    limit = min(max(call.number("limit", 200), 1), 1000)
    page = people[start : start + limit]
    more = start + limit < len(people)
    with_email = "users:read.email" in team.scopes
    return {
        "ok": True,
        "members": [user_shape(u, with_email) for u in page],
        "cache_ts": int(time.time()),
        "response_metadata": {"next_cursor": _cursor(start + limit) if more else ""},
    }


def users_lookup_by_email(call: Call) -> dict[str, Any]:
    wanted = (call.text("email") or "").strip().lower()
    team = call.team
    with call.state.lock:
        found = next(
            (
                u
                for u in call.state.workspace.users.values()
                if u.team_id == team.id and u.email.lower() == wanted and not u.deleted
            ),
            None,
        )
    if found is None:
        raise SlackError("users_not_found")
    return {"ok": True, "user": user_shape(found, True)}


def team_info(call: Call) -> dict[str, Any]:
    team = call.team
    if call.text("team") not in (None, "", team.id):
        raise SlackError("team_not_found")
    return {"ok": True, "team": team_shape(team)}


METHODS = {
    "auth.test": Method(auth_test, "read"),
    "conversations.history": Method(history, "read", scope=history_scope),
    "conversations.replies": Method(replies, "read", scope=history_scope),
    "conversations.info": Method(info, "read", scope=read_scope),
    "conversations.open": Method(open_conversation, "other", scope="im:write"),
    "users.info": Method(users_info, "read", scope="users:read"),
    "users.list": Method(users_list, "read", scope="users:read"),
    "users.lookupByEmail": Method(users_lookup_by_email, "read", scope="users:read.email"),
    "team.info": Method(team_info, "read", scope="team:read"),
}
