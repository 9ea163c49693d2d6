"""chat.* and reactions.add: posting, ephemeral messages, updates, permalinks."""

from __future__ import annotations

from typing import Any

from sandbox.slack.blocks_check import message_block_problems
from sandbox.slack.context import Call
from sandbox.slack.errors import SlackError, SpecViolation
from sandbox.slack.ids import fill_block_ids
from sandbox.slack.methods import Method
from sandbox.slack.model import Channel, Message
from sandbox.slack.shapes import bot_profile, message_shape

TEXT_LIMIT = 40_000
# chat.update's answer shows the message without its ts or thread fields.
UPDATED_MESSAGE_KEYS = frozenset(
    {"type", "text", "user", "team", "bot_id", "app_id", "bot_profile", "blocks"}
    | {"attachments", "metadata", "edited"}
)


def message_blocks(call: Call, *, clearing: bool = False) -> list[Any] | None:
    """The call's Block Kit ``blocks``; ``invalid_blocks`` (a violation) when malformed.
    ``clearing``: an empty list is allowed (chat.update removes the blocks with it)."""
    blocks = call.structured("blocks", "invalid_blocks_format")
    if blocks is None or (clearing and blocks == []):
        return None
    problems = message_block_problems(blocks)
    if problems:
        refusal = SpecViolation("invalid_blocks", "; ".join(problems), reason="invalid blocks")
        refusal.extra.update(errors=problems, response_metadata={"messages": problems})
        raise refusal
    return fill_block_ids(list(blocks))


def can_post(call: Call, channel: Channel) -> None:
    """Slack's membership rules for a bot: a private conversation it is not in does not
    exist for it; a public one needs membership or ``chat:write.public``."""
    team = call.team
    if team.bot_user_id in channel.members:
        return
    if channel.is_private:
        raise SlackError("channel_not_found")
    if "chat:write.public" not in team.scopes:
        raise SlackError("not_in_channel")


def visible_channel(call: Call) -> Channel:
    channel = call.channel()
    if channel.is_private and call.team.bot_user_id not in channel.members:
        raise SlackError("channel_not_found")
    return channel


def _content(
    call: Call, *, clearing: bool = False
) -> tuple[str, list[Any] | None, list[Any] | None]:
    text = call.text("markdown_text") or call.text("text") or ""
    blocks = message_blocks(call, clearing=clearing)
    attachments = call.structured("attachments", "invalid_attachments")
    if not text and not blocks and not attachments:
        raise SlackError("no_text")
    if len(text) > TEXT_LIMIT:
        raise SlackError("msg_too_long")
    return text, blocks, attachments


def _shape(call: Call, message: Message) -> dict[str, Any]:
    profile = bot_profile(call.team, call.state.app.app_id, call.state.app.bot_name)
    return message_shape(message, call.state.chat, profile)


def _thread_root(call: Call, channel: Channel) -> str | None:
    """The parent ts a ``thread_ts`` names (a reply's ts leads to its parent)."""
    thread_ts = call.text("thread_ts")
    if not thread_ts:
        return None
    found = call.state.chat.find(channel.id, thread_ts)
    return found.thread_ts if found is not None and found.is_reply else thread_ts


def post_message(call: Call) -> dict[str, Any]:
    channel = call.channel()
    can_post(call, channel)
    if channel.is_archived:
        raise SlackError("is_archived")
    text, blocks, attachments = _content(call)
    message = call.state.chat.post_as_bot(
        call.team,
        channel,
        text,
        blocks=blocks,
        attachments=attachments,
        thread_ts=_thread_root(call, channel),
        reply_broadcast=call.flag("reply_broadcast"),
        metadata=call.structured("metadata"),
    )
    return {"ok": True, "channel": channel.id, "ts": message.ts, "message": _shape(call, message)}


def post_ephemeral(call: Call) -> dict[str, Any]:
    channel = call.channel()
    can_post(call, channel)
    user = call.state.workspace.user(call.team, call.text("user") or "")
    if user.id not in channel.members:
        raise SlackError("user_not_in_channel")
    text, blocks, _attachments = _content(call)
    ephemeral = call.state.chat.add_ephemeral(
        channel, user.id, text, blocks, thread_ts=_thread_root(call, channel)
    )
    return {"ok": True, "message_ts": ephemeral.ts}


def _own_message(call: Call, error: str) -> tuple[Channel, Message]:
    channel = visible_channel(call)
    message = call.state.chat.find(channel.id, call.text("ts") or "")
    if message is None:
        raise SlackError("message_not_found")
    if message.bot_id != call.team.bot_id:
        raise SlackError(error)
    return channel, message


def update(call: Call) -> dict[str, Any]:
    channel, message = _own_message(call, "cant_update_message")
    text, blocks, attachments = _content(call, clearing=True)
    changes: dict[str, Any] = {"text": text}
    if "blocks" in call.params:
        changes["blocks"] = blocks
    if "attachments" in call.params:
        changes["attachments"] = attachments
    call.state.chat.update(message, changes)
    shape = {k: v for k, v in _shape(call, message).items() if k in UPDATED_MESSAGE_KEYS}
    return {"ok": True, "channel": channel.id, "ts": message.ts, "text": text, "message": shape}


def delete(call: Call) -> dict[str, Any]:
    channel, message = _own_message(call, "cant_delete_message")
    call.state.chat.delete(message)
    return {"ok": True, "channel": channel.id, "ts": message.ts}


def get_permalink(call: Call) -> dict[str, Any]:
    channel = visible_channel(call)
    link = call.state.chat.permalink(channel.id, call.text("message_ts") or "")
    return {"ok": True, "channel": channel.id, "permalink": link}


def add_reaction(call: Call) -> dict[str, Any]:
    channel = visible_channel(call)
    message = call.state.chat.find(channel.id, call.text("timestamp") or "")
    if message is None:
        raise SlackError("message_not_found")
    name = (call.text("name") or "").strip(":")
    users = message.reactions.setdefault(name, [])
    bot_user = call.team.bot_user_id
    if bot_user in users:
        raise SlackError("already_reacted")
    users.append(bot_user)
    return {"ok": True}


METHODS = {
    "chat.postMessage": Method(post_message, "post", scope="chat:write"),
    "chat.postEphemeral": Method(post_ephemeral, "ephemeral", scope="chat:write"),
    "chat.update": Method(update, "post", scope="chat:write"),
    "chat.delete": Method(delete, "post", scope="chat:write"),
    "chat.getPermalink": Method(get_permalink, "read"),
    "reactions.add": Method(add_reaction, "other", scope="reactions:write"),
}
