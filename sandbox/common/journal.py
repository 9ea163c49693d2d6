"""The request log and the violations list every stand-in's state keeps for tests and benches."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received: method, path, query string, raw body and its counter kind."""

    method: str
    path: str
    query: str
    body: bytes
    kind: str

    @property
    def is_write(self) -> bool:
        return self.kind != "read"


class RequestJournal:
    """What a stand-in has been asked (``requests``) and what it refused as malformed
    (``violations``). ``lock`` is re-entrant and also guards the subclass's own data."""

    def __init__(self, kinds: tuple[str, ...]) -> None:
        self.lock = threading.RLock()
        self.kinds = kinds
        self.requests: list[RecordedRequest] = []
        self.violations: list[dict[str, Any]] = []

    def record(self, request: RecordedRequest) -> None:
        with self.lock:
            self.requests.append(request)

    def record_violation(self, violation: dict[str, Any]) -> None:
        with self.lock:
            self.violations.append(violation)

    def counts(self) -> dict[str, int]:
        """Requests received so far by kind (every kind present, zero when unused)."""
        with self.lock:
            totals = dict.fromkeys(self.kinds, 0)
            for req in self.requests:
                totals[req.kind] = totals.get(req.kind, 0) + 1
            return totals

    def clear_requests(self) -> None:
        """Forget the request log (violations stay: a test must look at those)."""
        with self.lock:
            self.requests.clear()
