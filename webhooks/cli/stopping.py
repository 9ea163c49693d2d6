"""Stopping a long-running command (``scheduler``, ``sandbox``, ``demo``) cleanly."""

import signal
import threading
from types import FrameType


def stop_on_signals() -> threading.Event:
    """An event that Ctrl-C (SIGINT) or SIGTERM sets from now on; call it before saying
    the command is running, so a signal sent at once is not missed."""
    stop = threading.Event()

    def stopped(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, stopped)
    signal.signal(signal.SIGTERM, stopped)
    return stop
