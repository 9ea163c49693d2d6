"""Carry out an armed fault inside a Flask request: wait, drop the connection, or answer."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import Any

from flask import Response, jsonify, request

from sandbox.common.faults import Faults


def drop_connection() -> Response:
    """Close the client's connection without an answer (the client sees a connection error)."""
    sock = request.environ.get("werkzeug.socket")
    if isinstance(sock, socket.socket):
        # Shut down without answering; werkzeug then fails to write and drops the request.
        sock.shutdown(socket.SHUT_RDWR)
    return Response(status=500)


def apply_faults(
    faults: Faults, method: str, path: str, body_for: Callable[[int], dict[str, Any]]
) -> Response | None:
    """The answer an armed fault gives this request, or None to carry on.

    ``body_for(status)`` builds the product-shaped JSON body of an injected error status.
    Latency and delays sleep, then let the request through.
    """
    if faults.latency_ms:
        time.sleep(faults.latency_ms / 1000)
    fault = faults.take(method, path)
    if fault is None:
        return None
    if fault.action == "delay":
        time.sleep(fault.delay_ms / 1000)
        return None
    if fault.action == "drop":
        return drop_connection()
    answer = jsonify(body_for(fault.status))
    answer.status_code = fault.status
    if fault.retry_after is not None:
        answer.headers["Retry-After"] = str(fault.retry_after)
    return answer
