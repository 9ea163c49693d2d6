"""The little of RFC 6455 the Socket Mode stand-in needs: the opening handshake's accept
key, and reading / writing single frames (server frames unmasked, client frames masked)."""

from __future__ import annotations

import base64
import hashlib
import socket
import struct
from dataclasses import dataclass

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA
HEADER_LIMIT = 16 * 1024


def accept_key(client_key: str) -> str:
    """``Sec-WebSocket-Accept`` for the client's ``Sec-WebSocket-Key``."""
    # SHA-1 because RFC 6455 prescribes it; nothing here is a security boundary.
    digest = hashlib.sha1((client_key + GUID).encode()).digest()
    return base64.b64encode(digest).decode()


def read_handshake(sock: socket.socket) -> tuple[str, dict[str, str]]:
    """The request target and the (lower-cased) headers of the opening handshake."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(1024)
        if not chunk or len(data) > HEADER_LIMIT:
            raise ConnectionError("handshake incomplete")
        data += chunk
    lines = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return (parts[1] if len(parts) > 1 else ""), headers


def encode(opcode: int, payload: bytes) -> bytes:
    """One final, unmasked frame (server to client)."""
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x80 | opcode, size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 126, size)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 127, size)
    return header + payload


def _exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("connection closed")
        data += chunk
    return data


@dataclass(frozen=True)
class Frame:
    opcode: int
    payload: bytes
    final: bool


def read_frame(sock: socket.socket) -> Frame:
    """One frame from the client, unmasked; ConnectionError when the socket closes."""
    first, second = _exactly(sock, 2)
    size = second & 0x7F
    if size == 126:
        size = struct.unpack("!H", _exactly(sock, 2))[0]
    elif size == 127:
        size = struct.unpack("!Q", _exactly(sock, 8))[0]
    mask = _exactly(sock, 4) if second & 0x80 else b"\0\0\0\0"
    data = _exactly(sock, size)
    payload = bytes(byte ^ mask[index % 4] for index, byte in enumerate(data))
    return Frame(first & 0x0F, payload, bool(first & 0x80))
