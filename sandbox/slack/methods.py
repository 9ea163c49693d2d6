"""How a Web API method is served: its handler, its request kind, who may call it and the
scope it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.slack.context import Call

Handler = Callable[[Call], dict[str, Any]]
HISTORY_SCOPES = {
    "public": "channels:history",
    "private": "groups:history",
    "im": "im:history",
    "mpim": "mpim:history",
}
READ_SCOPES = {
    "public": "channels:read",
    "private": "groups:read",
    "im": "im:read",
    "mpim": "mpim:read",
}


@dataclass(frozen=True)
class Method:
    """``tokens``: which grants may call (``bot``, ``app``; empty: no token, as for
    oauth.v2.access). ``scope``: the scope needed, or a function of the call for scopes
    that depend on the channel type."""

    handler: Handler
    kind: str
    tokens: frozenset[str] = frozenset({"bot"})
    scope: str | Callable[[Call], str] | None = None

    def needed_scope(self, call: Call) -> str | None:
        return self.scope(call) if callable(self.scope) else self.scope


def history_scope(call: Call) -> str:
    return HISTORY_SCOPES[call.channel().kind]


def read_scope(call: Call) -> str:
    return READ_SCOPES[call.channel().kind]
