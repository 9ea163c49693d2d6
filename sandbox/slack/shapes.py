"""The JSON the Web API answers with, shaped after the java-slack-sdk samples in
``samples/api`` (``sample_shapes`` checks every answer against them)."""

from __future__ import annotations

from typing import Any

from sandbox.slack.messages import MessageStore
from sandbox.slack.model import Channel, Message, Team, User, View

AVATAR = "https://avatars.slack-edge.com/sandbox/avatar_{size}.png"


def _images(sizes: tuple[int, ...]) -> dict[str, str]:
    return {f"image_{size}": AVATAR.format(size=size) for size in sizes}


def bot_profile(team: Team, app_id: str, name: str) -> dict[str, Any]:
    return {
        "id": team.bot_id,
        "deleted": False,
        "name": name,
        "updated": team.created,
        "app_id": app_id,
        "icons": _images((36, 48, 72)),
        "team_id": team.id,
    }


def message_shape(
    message: Message, store: MessageStore, profile: dict[str, Any] | None
) -> dict[str, Any]:
    """A message as history, replies and chat.postMessage show it."""
    shape: dict[str, Any] = {"type": "message", "text": message.text, "ts": message.ts}
    if message.user is not None:
        shape["user"] = message.user
    shape["team"] = message.team
    if message.bot_id is not None:
        shape.update(bot_id=message.bot_id, app_id=message.app_id)
        if profile is not None:
            shape["bot_profile"] = profile
    for name in ("blocks", "attachments", "edited", "metadata"):
        if getattr(message, name):
            shape[name] = getattr(message, name)
    if message.thread_ts is not None:
        shape["thread_ts"] = message.thread_ts
    if message.is_reply:
        parent = store.find(message.channel, message.thread_ts or "")
        shape["parent_user_id"] = parent.user if parent else None
    elif message.thread_ts is not None:
        replies = store.replies(message.channel, message.ts)
        users = list(dict.fromkeys(r.user for r in replies if r.user))
        shape.update(
            reply_count=len(replies),
            reply_users_count=len(users),
            latest_reply=replies[-1].ts if replies else message.ts,
            reply_users=users,
            is_locked=False,
            subscribed=False,
        )
    if message.reactions:
        shape["reactions"] = [
            {"name": name, "users": users, "count": len(users)}
            for name, users in message.reactions.items()
        ]
    return shape


def channel_shape(channel: Channel, viewer: str, with_members: bool) -> dict[str, Any]:
    """conversations.info's channel (a DM answers with the IM shape)."""
    if channel.kind == "im":
        return im_shape(channel)
    shape: dict[str, Any] = {
        "id": channel.id,
        "name": channel.name,
        "is_channel": channel.kind == "public",
        "is_group": channel.kind == "private",
        "is_im": False,
        "is_mpim": channel.kind == "mpim",
        "is_private": channel.is_private,
        "created": channel.created,
        "is_archived": channel.is_archived,
        "is_general": channel.is_general,
        "unlinked": 0,
        "name_normalized": channel.name,
        "is_shared": False,
        "is_org_shared": False,
        "is_ext_shared": False,
        "is_pending_ext_shared": False,
        "pending_shared": [],
        "context_team_id": channel.team_id,
        "updated": channel.created * 1000,
        "creator": channel.creator,
        "is_member": viewer in channel.members,
        "topic": {"value": channel.topic, "creator": "", "last_set": 0},
        "purpose": {"value": channel.purpose, "creator": "", "last_set": 0},
        "previous_names": [],
    }
    if with_members:
        shape["num_members"] = len(channel.members)
    return shape


def im_shape(channel: Channel) -> dict[str, Any]:
    return {
        "id": channel.id,
        "created": channel.created,
        "is_archived": channel.is_archived,
        "is_im": True,
        "is_org_shared": False,
        "context_team_id": channel.team_id,
        "updated": channel.created * 1000,
        "user": channel.dm_user,
        "is_open": True,
        "priority": 0,
    }


def user_shape(user: User, with_email: bool) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.name,
        "display_name_normalized": user.name,
        "title": "",
        "status_text": "",
        "status_emoji": "",
        "avatar_hash": "sandbox",
        "team": user.team_id,
        **_images((24, 32, 48, 72, 192, 512)),
    }
    if with_email and user.email and not user.is_bot:
        profile["email"] = user.email
    if user.bot_id:
        profile.update(bot_id=user.bot_id, always_active=True)
    return {
        "id": user.id,
        "team_id": user.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "color": "9f69e7",
        "real_name": user.real_name,
        "tz": user.tz,
        "tz_label": user.tz,
        "tz_offset": user.tz_offset,
        "profile": profile,
        "is_admin": user.is_admin,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": 1_600_000_000,
    }


def team_shape(team: Team) -> dict[str, Any]:
    icon = {f"image_{s}": AVATAR.format(size=s) for s in (34, 44, 68, 88, 102, 132, 230)}
    return {
        "id": team.id,
        "name": team.name,
        "domain": team.domain,
        "email_domain": "",
        "icon": {**icon, "image_default": True},
        "url": f"https://{team.domain}.slack.com/",
    }


def view_shape(view: View) -> dict[str, Any]:
    """A view as views.open / update / push / publish answer it."""
    payload = view.payload
    shape: dict[str, Any] = {
        "id": view.id,
        "team_id": view.team_id,
        "type": view.type,
        "blocks": payload.get("blocks", []),
        "private_metadata": payload.get("private_metadata", ""),
        "callback_id": payload.get("callback_id", ""),
        "state": {"values": view.values},
        "hash": view.hash,
        "clear_on_close": bool(payload.get("clear_on_close", False)),
        "notify_on_close": bool(payload.get("notify_on_close", False)),
        "root_view_id": view.root_view_id,
        "previous_view_id": view.previous_view_id,
        "app_id": view.app_id,
        "external_id": view.external_id,
        "app_installed_team_id": view.team_id,
        "bot_id": view.bot_id,
    }
    for name in ("title", "submit", "close"):
        if name in payload:
            shape[name] = payload[name]
    if view.type == "modal":
        shape["submit_disabled"] = bool(payload.get("submit_disabled", False))
    return shape
