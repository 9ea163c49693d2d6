"""Messages per channel, threads, ephemeral messages and permalinks.

Histories are kept in ``ts`` order. A thread is its parent plus the messages whose
``thread_ts`` is the parent's ``ts``; the parent gets ``thread_ts`` once it has replies.
"""

from __future__ import annotations

import bisect
import threading
from typing import Any

from sandbox.slack.errors import SlackError
from sandbox.slack.ids import IdMaker
from sandbox.slack.links import permalink
from sandbox.slack.model import Channel, Ephemeral, Message, Team
from sandbox.slack.workspace import Workspace


class MessageStore:
    def __init__(self, lock: threading.RLock, ids: IdMaker, workspace: Workspace) -> None:
        self._lock = lock
        self._ids = ids
        self._workspace = workspace
        self._by_channel: dict[str, list[Message]] = {}
        self.ephemerals: list[Ephemeral] = []

    # -- writing -------------------------------------------------------------------------
    def add(self, message: Message) -> Message:
        """Store a message (its ``ts`` must be new in the channel); marks the thread parent."""
        with self._lock:
            history = self._by_channel.setdefault(message.channel, [])
            if any(m.ts == message.ts for m in history):
                raise ValueError(f"ts {message.ts} already used in {message.channel}")
            if message.thread_ts is not None and message.thread_ts != message.ts:
                parent = self.find(message.channel, message.thread_ts)
                if parent is None or parent.is_reply:
                    raise SlackError("thread_not_found")
                parent.thread_ts = parent.ts
            bisect.insort(history, message, key=lambda m: float(m.ts))
            return message

    def post_as_user(
        self,
        channel: Channel,
        user_id: str,
        text: str,
        *,
        thread_ts: str | None = None,
        blocks: list[Any] | None = None,
    ) -> Message:
        """What a person typing into ``channel`` (or a thread of it) leaves in its history."""
        ts = self._ids.ts()
        message = Message(channel.id, ts, channel.team_id, text, user_id, blocks=blocks)
        message.thread_ts = thread_ts
        message.client_msg_id = f"{ts.replace('.', '')[-8:]}-0000-4000-8000-000000000000"
        return self.add(message)

    def post_as_bot(
        self,
        team: Team,
        channel: Channel,
        text: str,
        *,
        blocks: list[Any] | None = None,
        attachments: list[Any] | None = None,
        thread_ts: str | None = None,
        reply_broadcast: bool = False,
        metadata: dict[str, Any] | None = None,
    ) -> Message:
        message = Message(
            channel=channel.id,
            ts=self._ids.ts(),
            team=team.id,
            text=text,
            user=team.bot_user_id,
            bot_id=team.bot_id,
            app_id=self._workspace.app.app_id,
            blocks=blocks,
            attachments=attachments,
            thread_ts=thread_ts,
            reply_broadcast=reply_broadcast and thread_ts is not None,
            metadata=metadata,
        )
        return self.add(message)

    def update(self, message: Message, changes: dict[str, Any]) -> Message:
        """Apply ``text`` / ``blocks`` / ``attachments`` / ``metadata`` changes."""
        with self._lock:
            for name, value in changes.items():
                setattr(message, name, value)
            return message

    def delete(self, message: Message) -> None:
        with self._lock:
            self._by_channel[message.channel].remove(message)

    def add_ephemeral(
        self,
        channel: Channel,
        user_id: str,
        text: str,
        blocks: list[Any] | None,
        *,
        thread_ts: str | None = None,
        via: str = "chat.postEphemeral",
    ) -> Ephemeral:
        with self._lock:
            ephemeral = Ephemeral(channel.id, user_id, self._ids.ts(), text, blocks, thread_ts, via)
            self.ephemerals.append(ephemeral)
            return ephemeral

    # -- reading -------------------------------------------------------------------------
    def find(self, channel_id: str, ts: str) -> Message | None:
        with self._lock:
            return next((m for m in self._by_channel.get(channel_id, []) if m.ts == ts), None)

    def messages(self, channel_id: str) -> list[Message]:
        """Every message of the channel, replies included, oldest first."""
        with self._lock:
            return list(self._by_channel.get(channel_id, []))

    def history(self, channel_id: str) -> list[Message]:
        """What conversations.history lists: no replies unless broadcast; newest first."""
        with self._lock:
            shown = [m for m in self.messages(channel_id) if not m.is_reply or m.reply_broadcast]
            return shown[::-1]

    def replies(self, channel_id: str, parent_ts: str) -> list[Message]:
        with self._lock:
            return [m for m in self.messages(channel_id) if m.is_reply and m.thread_ts == parent_ts]

    def thread(self, channel_id: str, ts: str) -> list[Message]:
        """The thread holding ``ts`` (parent first); ``thread_not_found`` when ``ts`` is
        unknown."""
        with self._lock:
            message = self.find(channel_id, ts)
            if message is None:
                raise SlackError("thread_not_found")
            parent = self.find(channel_id, message.thread_ts or "") if message.is_reply else message
            if parent is None:
                raise SlackError("thread_not_found")
            return [parent, *self.replies(channel_id, parent.ts)]

    def bot_messages(self, channel_id: str | None = None) -> list[Message]:
        """Messages the app's bot posted (in one channel, or everywhere), oldest first."""
        with self._lock:
            channels = [channel_id] if channel_id else list(self._by_channel)
            found = [m for c in channels for m in self.messages(c) if m.bot_id is not None]
            return sorted(found, key=lambda m: float(m.ts))

    def ephemerals_for(
        self, user_id: str | None = None, channel_id: str | None = None
    ) -> list[Ephemeral]:
        with self._lock:
            return [
                e
                for e in self.ephemerals
                if user_id in (None, e.user) and channel_id in (None, e.channel)
            ]

    def permalink(self, channel_id: str, ts: str) -> str:
        """The message's permalink; ``message_not_found`` when there is no such message."""
        with self._lock:
            message = self.find(channel_id, ts)
            if message is None:
                raise SlackError("message_not_found")
            channel = self._workspace.channels[channel_id]
            domain = self._workspace.teams[channel.team_id].domain
            thread_ts = message.thread_ts if message.is_reply else None
            return permalink(domain, channel_id, ts, thread_ts)
