"""Slack's request signing (``../shared/specs/slack/request-signing.md``), version v0.

``X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">`` keyed with the
app's signing secret, and ``X-Slack-Request-Timestamp``. Receivers refuse timestamps
more than five minutes away from now.
"""

from __future__ import annotations

import hashlib
import hmac

STALE_SECONDS = 6 * 60


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``X-Slack-Signature`` value for ``body`` sent at ``timestamp``."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(secret: str, timestamp: int, body: bytes, content_type: str) -> dict[str, str]:
    """The headers Slack sends with every Events API, interactivity or command request."""
    return {
        "Content-Type": content_type,
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": signature(secret, timestamp, body),
    }
