"""Reading a webhook's raw body within a size limit, parsing it as a JSON object, and
naming the delivery: the steps every inbound webhook shares (DESIGN.md section 5)."""

import hashlib
import json
from typing import Any

from flask import request

MAX_BODY = 1024 * 1024
READ_CHUNK = 64 * 1024
DELIVERY_ID_LIMIT = 128  # the webhook_deliveries column


def read_body(limit: int = MAX_BODY) -> bytes | None:
    """The current request's raw body, or None when it is over ``limit`` bytes (read no
    further than that)."""
    if (request.content_length or 0) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while chunk := request.stream.read(READ_CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def parse_object(body: bytes) -> dict[str, Any] | None:
    """``body`` as a JSON object; None when it is not JSON, not UTF-8, or not an object."""
    try:
        payload = json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both are
        return None
    return payload if isinstance(payload, dict) else None


def delivery_id(header: str | None, body: bytes) -> str:
    """The delivery's identifier: the sender's own id (the same on every retry: Jira's
    ``X-Atlassian-Webhook-Identifier``, Intercom's notification id ...), or a hash of the
    body without one; an id too long for the table is hashed."""
    given = (header or "").strip()
    if given and len(given) <= DELIVERY_ID_LIMIT:
        return given
    source = given.encode() if given else body
    return "sha256:" + hashlib.sha256(source).hexdigest()
