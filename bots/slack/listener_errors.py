"""What happens when a listener fails: one log line with a stable key, never a secret.

``report_listener_error`` is the app's one ``@app.error`` handler. ``logged`` wraps lazy
listeners, whose errors Bolt would otherwise log as one line without the traceback.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any, ParamSpec

from slack_bolt.response import BoltResponse

logger = logging.getLogger(__name__)
P = ParamSpec("P")


def _about(body: dict[str, Any] | None) -> dict[str, str]:
    """Log fields naming the request (type, event, action), none of its text."""
    body = body or {}
    event = body.get("event") or {}
    actions = body.get("actions") or [{}]
    return {
        "request_type": str(body.get("type", "")),
        "event_type": str(event.get("type", "")),
        "action_id": str(actions[0].get("action_id", "")),
        "team_id": str(body.get("team_id") or (body.get("team") or {}).get("id") or ""),
    }


def report_listener_error(error: Exception, body: dict[str, Any]) -> BoltResponse:
    """``@app.error``: log the failure; answer 500 so that Slack retries an event (the
    retry is applied once: see the event-id check of each feature)."""
    logger.error(
        "slack.listener.failed",
        exc_info=(type(error), error, error.__traceback__),
        extra=_about(body) | {"error": type(error).__name__},
    )
    return BoltResponse(status=500, body="")


def logged(func: Callable[P, None]) -> Callable[P, None]:
    """``func`` (a lazy listener) with any exception logged as ``slack.listener.failed``.

    ``functools.wraps`` keeps the signature Bolt reads to pass the arguments."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            func(*args, **kwargs)
        except Exception as exc:  # a listener thread has no one else to tell
            body = kwargs.get("body")
            logger.exception(
                "slack.listener.failed",
                extra=_about(body if isinstance(body, dict) else None)
                | {"error": type(exc).__name__, "listener": func.__name__},
            )

    return run
