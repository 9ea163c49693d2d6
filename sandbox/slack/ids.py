"""Identifiers as Slack spells them: message ``ts``, view, event and trigger ids, hashes.

Counters make them predictable within one state (tests read them back); ``ts`` values
follow the state's clock and never repeat, as Slack guarantees per channel.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from typing import Any

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _base36(number: int, width: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = _ALPHABET[rest] + digits
    return digits.rjust(width, "0")


class IdMaker:
    """Makes the ids of one sandbox state; thread-safe."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._counter = 0
        self._last_micros = 0

    def _next(self) -> int:
        with self._lock:
            self._counter += 1
            return self._counter

    def ts(self) -> str:
        """A message timestamp ``"<seconds>.<6 digits>"``, later than every earlier one."""
        with self._lock:
            micros = max(int(self._clock() * 1_000_000), self._last_micros + 1)
            self._last_micros = micros
        seconds, fraction = divmod(micros, 1_000_000)
        return f"{seconds}.{fraction:06d}"

    def object_id(self, prefix: str) -> str:
        """An object id such as ``V0000000001`` (view) or ``D000000003`` (DM channel)."""
        return prefix + _base36(self._next(), 10)

    def event_id(self) -> str:
        return "Ev" + _base36(self._next(), 10)

    def trigger_id(self) -> str:
        """``<number>.<number>.<32 hex>``, the shape of Slack's trigger ids."""
        number = self._next()
        return f"{1000000000000 + number}.{4000000000 + number}.{secrets.token_hex(16)}"

    def view_hash(self) -> str:
        return f"{self.ts()}.{secrets.token_hex(4)}"

    def opaque(self) -> str:
        """A random url-safe token (response_url paths, OAuth codes)."""
        return secrets.token_urlsafe(18)


def fill_block_ids(blocks: list[Any]) -> list[Any]:
    """Give each block without a ``block_id`` a random one, as Slack does on receipt."""
    for block in blocks:
        if isinstance(block, dict) and "block_id" not in block:
            block["block_id"] = secrets.token_urlsafe(4).replace("-", "x").replace("_", "y")
    return blocks
