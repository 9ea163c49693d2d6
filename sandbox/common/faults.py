"""Fault injection that tests switch on at run time.

A rule answers the next ``count`` matching requests with a status (429 with Retry-After,
5xx), a delay, or a dropped connection. ``latency_ms`` delays every request (benchmarks).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Fault:
    """One armed fault: what to do and to how many more matching requests."""

    action: str  # "status" | "delay" | "drop"
    remaining: int
    status: int = 0
    retry_after: int | None = None
    delay_ms: int = 0
    method: str | None = None
    path_prefix: str | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path_prefix is None or path.startswith(self.path_prefix)


class Faults:
    """The armed faults of one sandbox; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = []
        self.latency_ms = 0

    def _arm(self, fault: Fault) -> None:
        with self._lock:
            self._rules.append(fault)

    def throttle_next(
        self,
        count: int = 1,
        *,
        retry_after: int = 1,
        method: str | None = None,
        path_prefix: str | None = None,
    ) -> None:
        """The next ``count`` matching requests get 429 with ``Retry-After: retry_after``."""
        self._arm(Fault("status", count, 429, retry_after, 0, method, path_prefix))

    def fail_next(
        self,
        count: int = 1,
        *,
        status: int = 500,
        method: str | None = None,
        path_prefix: str | None = None,
    ) -> None:
        """The next ``count`` matching requests get ``status`` (500, 502, 503 ...)."""
        self._arm(Fault("status", count, status, None, 0, method, path_prefix))

    def delay_next(
        self,
        count: int = 1,
        *,
        delay_ms: int,
        method: str | None = None,
        path_prefix: str | None = None,
    ) -> None:
        """The next ``count`` matching requests are answered ``delay_ms`` later."""
        self._arm(Fault("delay", count, 0, None, delay_ms, method, path_prefix))

    def drop_next(
        self, count: int = 1, *, method: str | None = None, path_prefix: str | None = None
    ) -> None:
        """The next ``count`` matching requests have their connection closed, unanswered."""
        self._arm(Fault("drop", count, 0, None, 0, method, path_prefix))

    def set_latency(self, latency_ms: int) -> None:
        """Delay every request by ``latency_ms`` (0 switches it off)."""
        self.latency_ms = latency_ms

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
        self.latency_ms = 0

    def take(self, method: str, path: str) -> Fault | None:
        """The first armed fault matching this request, counted down by one."""
        with self._lock:
            for fault in self._rules:
                if fault.matches(method, path):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._rules.remove(fault)
                    return fault
            return None
