"""Interactivity and slash-command bodies as Slack sends them, shaped after
``samples/app-backend`` (BlockActionPayload, ViewSubmissionPayload,
MessageShortcutPayload, SlashCommandPayload). The sender adds trigger ids and
response_urls; these functions only shape.
"""

from __future__ import annotations

from typing import Any

from sandbox.slack.model import Channel, Message, Team, User, View
from sandbox.slack.shapes import bot_profile, message_shape, view_shape
from sandbox.slack.state import SlackState


def team_ref(team: Team) -> dict[str, Any]:
    return {"id": team.id, "domain": team.domain}


def user_ref(user: User) -> dict[str, Any]:
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": user.team_id}


def channel_ref(channel: Channel) -> dict[str, Any]:
    return {"id": channel.id, "name": channel.name or "directmessage"}


def _common(state: SlackState, team: Team, user: User, kind: str) -> dict[str, Any]:
    return {
        "type": kind,
        "token": state.app.verification_token,
        "team": team_ref(team),
        "user": user_ref(user),
        "is_enterprise_install": False,
        "enterprise": None,
    }


def message_payload(state: SlackState, team: Team, message: Message) -> dict[str, Any]:
    profile = bot_profile(team, state.app.app_id, state.app.bot_name)
    return message_shape(message, state.chat, profile)


def block_actions(
    state: SlackState,
    team: Team,
    user: User,
    action: dict[str, Any],
    *,
    container: dict[str, Any],
    trigger_id: str,
    channel: Channel | None = None,
    message: Message | None = None,
    view: View | None = None,
    response_url: str | None = None,
) -> dict[str, Any]:
    """A click or choice in a message (``message`` None when it was ephemeral) or a view."""
    payload = _common(state, team, user, "block_actions")
    payload.update(api_app_id=state.app.app_id, container=container, trigger_id=trigger_id)
    if channel is not None:
        payload["channel"] = channel_ref(channel)
    if message is not None:
        payload["message"] = message_payload(state, team, message)
    if view is not None:
        payload["view"] = view_shape(view)
    payload["state"] = {"values": view.values if view is not None else {}}
    if response_url is not None:
        payload["response_url"] = response_url
    payload["actions"] = [action]
    return payload


def view_submission(
    state: SlackState, team: Team, user: User, view: View, trigger_id: str
) -> dict[str, Any]:
    payload = _common(state, team, user, "view_submission")
    payload.update(api_app_id=state.app.app_id, trigger_id=trigger_id, view=view_shape(view))
    return payload


def message_action(
    state: SlackState,
    team: Team,
    user: User,
    channel: Channel,
    message: Message,
    *,
    callback_id: str,
    trigger_id: str,
    response_url: str,
) -> dict[str, Any]:
    """A message shortcut ("Add to journey") used on ``message``."""
    payload = _common(state, team, user, "message_action")
    payload["user"] = {"id": user.id, "name": user.name, "team_id": user.team_id}
    payload.update(
        action_ts=state.ids.ts(),
        callback_id=callback_id,
        trigger_id=trigger_id,
        channel=channel_ref(channel),
        message_ts=message.ts,
        message=message_payload(state, team, message),
        response_url=response_url,
    )
    return payload


def shortcut(
    state: SlackState, team: Team, user: User, *, callback_id: str, trigger_id: str
) -> dict[str, Any]:
    """A global shortcut (from the shortcuts menu; no channel, no response_url)."""
    payload = _common(state, team, user, "shortcut")
    payload.update(action_ts=state.ids.ts(), callback_id=callback_id, trigger_id=trigger_id)
    return payload


def slash_command(
    state: SlackState,
    team: Team,
    user: User,
    channel: Channel,
    *,
    command: str,
    text: str,
    trigger_id: str,
    response_url: str,
) -> dict[str, str]:
    """The form fields of a slash command invocation."""
    return {
        "token": state.app.verification_token,
        "team_id": team.id,
        "team_domain": team.domain,
        "channel_id": channel.id,
        "channel_name": channel.name or "directmessage",
        "user_id": user.id,
        "user_name": user.name,
        "command": command,
        "text": text,
        "api_app_id": state.app.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }
