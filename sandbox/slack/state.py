"""The sandbox's in-memory Slack, in three parts sharing one lock and one clock:

``workspace``  teams, users, channels, tokens, OAuth codes      (``workspace.py``)
``chat``       messages per channel, threads, ephemerals, permalinks  (``messages.py``)
``surfaces``   modals, App Home views, trigger ids, response_urls  (``surfaces.py``)

plus what the sandbox has been asked (``RequestJournal``: ``requests`` with a kind from
``KINDS``, ``violations``, ``counts()``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sandbox.common.journal import RequestJournal
from sandbox.slack.ids import IdMaker
from sandbox.slack.messages import MessageStore
from sandbox.slack.model import SlackApp
from sandbox.slack.surfaces import Surfaces
from sandbox.slack.workspace import Workspace

KINDS = ("read", "post", "ephemeral", "view", "other")


class SlackState(RequestJournal):
    """All the sandbox's Slack data. ``clock`` (epoch seconds) dates messages and ages
    trigger ids; tests may replace it before anything is created."""

    def __init__(
        self, *, app: SlackApp | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__(KINDS)
        self.app = app or SlackApp()
        self.clock = clock
        self.ids = IdMaker(lambda: self.clock())
        self.workspace = Workspace(self.lock, self.ids, self.app)
        self.chat = MessageStore(self.lock, self.ids, self.workspace)
        self.surfaces = Surfaces(self.lock, self.ids, lambda: self.clock(), self.app.app_id)

    def now(self) -> float:
        return self.clock()
