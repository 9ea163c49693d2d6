"""Checking the HMAC signatures senders put on webhook bodies."""

import hashlib
import hmac


def hub_signature(secret: str, body: bytes) -> str:
    """The ``X-Hub-Signature`` value for ``body``: ``sha256=<hex HMAC-SHA256>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def hub_signature_matches(secret: str, body: bytes, header: str | None) -> bool:
    """Whether ``header`` (an ``X-Hub-Signature`` value) signs ``body`` with ``secret``.

    Compared in constant time, so the answer's timing says nothing about how much of a
    forged signature was right. An empty secret never matches: anyone could sign with it.
    """
    if not secret or not header or not header.isascii():
        return False
    return hmac.compare_digest(hub_signature(secret, body), header.strip().lower())
