"""A request-rate cap shared by every thread that talks to one Atlassian site.

Requests are spaced at least ``1 / per_second`` seconds apart, so no window of one second
holds more than ``per_second`` of them, however many threads send. A 429's Retry-After
pushes the next slot back for every thread, not only the one that was told.
"""

import threading
import time
from collections.abc import Callable


class RequestPacer:
    """Hands out send times no closer than ``1 / per_second`` seconds.

    Args:
        per_second: the cap; None or 0 means no cap.
        clock: a monotonic clock in seconds (tests pass a fake).
        sleep: how to wait (tests pass a recorder).
    """

    def __init__(
        self,
        per_second: float | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second is not None and per_second < 0:
            raise ValueError("per_second must be positive")
        self.interval = 1.0 / per_second if per_second else 0.0
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self) -> float:
        """Block until this caller may send; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self.interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return max(0.0, delay)

    def hold(self, seconds: float) -> None:
        """Send nothing for ``seconds`` from now (a 429's Retry-After), on any thread."""
        with self._lock:
            self._next = max(self._next, self._clock() + seconds)
