"""Events API bodies as Slack sends them: the ``event_callback`` envelope around one event,
and ``url_verification``. Shapes follow ``samples/events`` (``AppMentionPayload``,
``MessagePayload``, ``AppHomeOpenedPayload``) and the envelope schema (USING.md 3d).
"""

from __future__ import annotations

import secrets
from typing import Any

from sandbox.slack.model import Channel, Message, Team
from sandbox.slack.shapes import bot_profile, view_shape
from sandbox.slack.state import SlackState

CHANNEL_TYPES = {"public": "channel", "private": "group", "im": "im", "mpim": "mpim"}


def envelope(state: SlackState, team: Team, event: dict[str, Any]) -> dict[str, Any]:
    """The ``event_callback`` wrapper: a fresh ``event_id``, the app's ids, and the
    ``authorizations`` entry of the team's bot."""
    return {
        "token": state.app.verification_token,
        "team_id": team.id,
        "api_app_id": state.app.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": state.ids.event_id(),
        "event_time": int(state.now()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team.id,
                "user_id": team.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + secrets.token_urlsafe(24),
    }


def url_verification(state: SlackState, challenge: str | None = None) -> dict[str, Any]:
    """What Slack sends when the request URL is saved; the app must echo ``challenge``."""
    return {
        "token": state.app.verification_token,
        "challenge": challenge or secrets.token_urlsafe(36),
        "type": "url_verification",
    }


def _message_fields(state: SlackState, message: Message, team: Team) -> dict[str, Any]:
    fields: dict[str, Any] = {"user": message.user, "text": message.text, "ts": message.ts}
    if message.bot_id is not None:
        fields["bot_id"] = message.bot_id
        fields["bot_profile"] = bot_profile(team, state.app.app_id, state.app.bot_name)
    elif message.client_msg_id:
        fields["client_msg_id"] = message.client_msg_id
    if message.blocks:
        fields["blocks"] = message.blocks
    fields.update(team=message.team, channel=message.channel, event_ts=message.ts)
    if message.thread_ts is not None and message.is_reply:
        fields["thread_ts"] = message.thread_ts
    return fields


def message_event(state: SlackState, message: Message, channel: Channel) -> dict[str, Any]:
    """A ``message`` event for ``message`` (a person's, or the bot's own with ``bot_id``)."""
    team = state.workspace.teams[channel.team_id]
    event = {"type": "message", **_message_fields(state, message, team)}
    if message.is_reply:
        parent = state.chat.find(channel.id, message.thread_ts or "")
        event["parent_user_id"] = parent.user if parent is not None else None
    event["channel_type"] = CHANNEL_TYPES[channel.kind]
    return envelope(state, team, event)


def app_mention_event(state: SlackState, message: Message, channel: Channel) -> dict[str, Any]:
    """An ``app_mention`` event for a message that mentions the bot."""
    team = state.workspace.teams[channel.team_id]
    return envelope(state, team, {"type": "app_mention", **_message_fields(state, message, team)})


def app_home_opened_event(
    state: SlackState, team: Team, user_id: str, tab: str = "home"
) -> dict[str, Any]:
    """``app_home_opened`` for ``user_id``; carries the published Home view, if any."""
    dm = state.workspace.open_dm(team.id, user_id)
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user_id,
        "channel": dm.id,
        "tab": tab,
        "event_ts": state.ids.ts(),
    }
    home = state.surfaces.home_view(user_id, team.id)
    if home is not None and tab == "home":
        event["view"] = view_shape(home)
    return envelope(state, team, event)
