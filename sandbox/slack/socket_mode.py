"""Socket Mode: the websocket Slack opens for apps with an app-level token.

apps.connections.open hands out ``ws://127.0.0.1:<port>/link/?ticket=...`` (each ticket
works once); the server greets with ``hello``, answers pings with pongs, and delivers
envelopes ``{"envelope_id", "type": events_api | interactive | slash_commands, "payload",
"accepts_response_payload", "retry_attempt", "retry_reason"}``. The app acks with
``{"envelope_id", "payload"?}``. slack_sdk's built-in SocketModeClient speaks plain ws to
a port other than 443, which is what this serves.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

from sandbox.slack import websocket_frames as ws
from sandbox.slack.ids import IdMaker

ENVELOPE_TYPES = {
    "events": "events_api",
    "interactivity": "interactive",
    "command": "slash_commands",
}


@dataclass
class _Link:
    sock: socket.socket
    send_lock: threading.Lock = field(default_factory=threading.Lock)
    open: bool = True

    def send(self, opcode: int, payload: bytes) -> None:
        with self.send_lock:
            self.sock.sendall(ws.encode(opcode, payload))


class SocketModeServer:
    """Listens on ``host`` (free port) from a background thread until ``close()``."""

    def __init__(self, ids: IdMaker, app_id: str, host: str = "127.0.0.1") -> None:
        self._ids = ids
        self._app_id = app_id
        self._listener = socket.create_server((host, 0))
        self.host, self.port = host, self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._tickets: set[str] = set()
        self._links: list[_Link] = []
        self._acks: dict[str, tuple[threading.Event, list[Any]]] = {}
        self.refused_handshakes = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def issue_url(self) -> str:
        """A one-use websocket URL, as apps.connections.open answers."""
        ticket = self._ids.opaque()
        with self._lock:
            self._tickets.add(ticket)
        return f"ws://{self.host}:{self.port}/link/?ticket={ticket}&app_id={self._app_id}"

    @property
    def connections(self) -> int:
        with self._lock:
            return sum(1 for link in self._links if link.open)

    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        timeout: float = 3.0,
    ) -> tuple[bool, Any]:
        """Send one envelope to an open connection; (acked in time, the ack's payload)."""
        envelope_id = str(uuid.uuid4())
        envelope = {
            "envelope_id": envelope_id,
            "type": ENVELOPE_TYPES[kind],
            "payload": payload,
            "accepts_response_payload": kind != "events",
            "retry_attempt": retry_attempt,
            "retry_reason": retry_reason,
        }
        with self._lock:
            links = [link for link in self._links if link.open]
            waiter: tuple[threading.Event, list[Any]] = (threading.Event(), [])
            self._acks[envelope_id] = waiter
        if not links:
            raise RuntimeError("no Socket Mode connection is open")
        links[-1].send(ws.TEXT, json.dumps(envelope).encode())
        acked = waiter[0].wait(timeout)
        return acked, (waiter[1][0] if waiter[1] else None)

    def close(self) -> None:
        """Stop listening and drop every connection (safe to call twice)."""
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            links, self._links = self._links, []
        for link in links:
            link.open = False
            # shutdown, not just close: it sends the FIN and wakes the blocked reader.
            with contextlib.suppress(OSError):
                link.sock.shutdown(socket.SHUT_RDWR)
            link.sock.close()

    # -- connections -----------------------------------------------------------------------
    def _accept(self) -> None:
        while True:
            try:
                sock, _address = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _handshake(self, sock: socket.socket) -> bool:
        target, headers = ws.read_handshake(sock)
        ticket = parse_qs(urlparse(target).query).get("ticket", [""])[0]
        with self._lock:
            valid = ticket in self._tickets and "sec-websocket-key" in headers
            self._tickets.discard(ticket)
        if not valid:
            self.refused_handshakes += 1
            sock.sendall(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")
            return False
        accept = ws.accept_key(headers["sec-websocket-key"])
        sock.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )
        return True

    def _serve(self, sock: socket.socket) -> None:
        try:
            if not self._handshake(sock):
                sock.close()
                return
        except (OSError, ConnectionError):
            sock.close()
            return
        link = _Link(sock)
        with self._lock:
            self._links.append(link)
        hello = {
            "type": "hello",
            "num_connections": self.connections,
            "connection_info": {"app_id": self._app_id},
            "debug_info": {"host": "sandbox", "approximate_connection_time": 18060},
        }
        try:
            link.send(ws.TEXT, json.dumps(hello).encode())
            self._read(link)
        except (OSError, ConnectionError):
            pass
        finally:
            link.open = False
            sock.close()

    def _read(self, link: _Link) -> None:
        while link.open:
            frame = ws.read_frame(link.sock)
            if frame.opcode == ws.PING:
                link.send(ws.PONG, frame.payload)
            elif frame.opcode == ws.CLOSE:
                link.send(ws.CLOSE, frame.payload[:2])
                return
            elif frame.opcode == ws.TEXT:
                self._acked(json.loads(frame.payload or b"{}"))

    def _acked(self, message: dict[str, Any]) -> None:
        with self._lock:
            waiter = self._acks.pop(str(message.get("envelope_id")), None)
        if waiter is not None:
            waiter[1].append(message.get("payload"))
            waiter[0].set()
