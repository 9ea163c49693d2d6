"""Per-method rate limits like Slack's tiers, on top of the shared one-off ``Faults``.

``RateLimits.limit("chat.postMessage", per_seconds=1, key="channel")`` allows one post per
channel per second (Slack's documented limit for chat.postMessage); the next one within
the window is answered 429 with ``Retry-After`` (whole seconds, at least 1), which
slack_sdk's ``RateLimitErrorRetryHandler`` sleeps on. Refused calls do not use up the
window. ``key``: ``channel``, ``team`` or ``method`` (one window for everyone).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

KEYS = ("channel", "team", "method")


@dataclass(frozen=True)
class RateLimit:
    method: str
    per_seconds: float
    calls: int = 1
    key: str = "channel"


class RateLimits:
    """The limits of one sandbox; thread-safe. ``clock`` is monotonic seconds."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._limits: dict[str, RateLimit] = {}
        self._seen: dict[tuple[str, str], deque[float]] = {}
        self.refused = 0

    def limit(
        self, method: str, *, per_seconds: float, calls: int = 1, key: str = "channel"
    ) -> None:
        """Allow ``calls`` calls of ``method`` per ``per_seconds`` seconds per ``key``."""
        if key not in KEYS:
            raise ValueError(f"key must be one of {KEYS}, not {key!r}")
        with self._lock:
            self._limits[method] = RateLimit(method, per_seconds, calls, key)

    def clear(self) -> None:
        with self._lock:
            self._limits.clear()
            self._seen.clear()
            self.refused = 0

    def retry_after(self, method: str, team_id: str, params: dict[str, Any]) -> int | None:
        """Seconds to wait when this call exceeds its limit (None: let it through)."""
        with self._lock:
            rule = self._limits.get(method)
            if rule is None:
                return None
            scope = {"channel": str(params.get("channel", "")), "team": team_id}.get(rule.key, "")
            window = self._seen.setdefault((method, scope), deque())
            now = self._clock()
            while window and now - window[0] >= rule.per_seconds:
                window.popleft()
            if len(window) < rule.calls:
                window.append(now)
                return None
            self.refused += 1
            return max(1, math.ceil(window[0] + rule.per_seconds - now))
