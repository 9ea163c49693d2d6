"""``POST /webhooks/jira``: Jira's signed webhooks move opportunities and pain points.

Register it in Jira administration (System > WebHooks) with a secret equal to
JIRA_WEBHOOK_SECRET. Each request goes: read the raw body (over 1 MiB: 413) -> verify
``X-Hub-Signature`` (HMAC-SHA256, constant time; missing, wrong, or no secret configured:
401) -> parse (not a JSON object: 400) -> apply once per delivery id
(``X-Atlassian-Webhook-Identifier``, else a hash of the body) in one transaction -> 200
with ``{"outcome": ...}``. Events and issues we do not follow get 200 too: Jira retries
anything else, so we never answer 409 or 5xx for a payload we simply don't want.
"""

import hashlib
import json
import logging
from typing import Any

from flask import Blueprint, Response, jsonify, request

from webhooks.jira_events import Outcome, apply_jira_event
from webhooks.runtime import runtime
from webhooks.signatures import hub_signature_matches

logger = logging.getLogger(__name__)

jira_webhook = Blueprint("jira_webhook", __name__)

MAX_BODY = 1024 * 1024
READ_CHUNK = 64 * 1024
DELIVERY_HEADER = "X-Atlassian-Webhook-Identifier"
SIGNATURE_HEADER = "X-Hub-Signature"
DELIVERY_ID_LIMIT = 128  # the webhook_deliveries column


@jira_webhook.post("/webhooks/jira")
def receive_jira_webhook() -> tuple[Response, int]:
    """Verify, de-duplicate and apply one Jira webhook delivery (see the module docs)."""
    body = _read_body()
    if body is None:
        logger.warning("jira.webhook.too_large", extra=_context())
        return _answer("too_large", 413)
    settings = runtime().settings
    configured = settings.jira_webhook_secret
    secret = configured.get_secret_value() if configured else ""
    if not secret:
        logger.warning("jira.webhook.no_secret", extra=_context())
        return _answer("unauthorized", 401)
    signature = request.headers.get(SIGNATURE_HEADER)
    if not hub_signature_matches(secret, body, signature):
        reason = "missing" if not signature else "mismatch"
        logger.warning("jira.webhook.bad_signature", extra=_context(reason=reason))
        return _answer("unauthorized", 401)
    payload = _parse(body)
    if payload is None:
        logger.warning("jira.webhook.malformed", extra=_context())
        return _answer("malformed", 400)
    delivery = delivery_id(request.headers.get(DELIVERY_HEADER), body)
    outcome = apply_jira_event(runtime().store, settings.workspace, payload, delivery)
    level = logging.DEBUG if outcome is Outcome.IGNORED else logging.INFO
    logger.log(
        level,
        "jira.webhook.received",
        extra=_context(webhook_event=str(payload.get("webhookEvent"))[:64], outcome=outcome.value),
    )
    return _answer(outcome.value, 200)


def delivery_id(header: str | None, body: bytes) -> str:
    """The delivery's identifier: Jira's ``X-Atlassian-Webhook-Identifier`` (the same on
    every retry), or a hash of the body without one; a header too long for the table is
    hashed."""
    given = (header or "").strip()
    if given and len(given) <= DELIVERY_ID_LIMIT:
        return given
    source = given.encode() if given else body
    return "sha256:" + hashlib.sha256(source).hexdigest()


def _read_body() -> bytes | None:
    """The raw body, or None when it is over MAX_BODY (read no further than that)."""
    if (request.content_length or 0) > MAX_BODY:
        return None
    chunks: list[bytes] = []
    size = 0
    while chunk := request.stream.read(READ_CHUNK):
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(body: bytes) -> dict[str, Any] | None:
    try:
        payload = json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both are
        return None
    return payload if isinstance(payload, dict) else None


def _context(**fields: str) -> dict[str, str]:
    """Log fields: the delivery id (never the signature or the secret) and ``fields``."""
    given = request.headers.get(DELIVERY_HEADER, "")
    return {"delivery": given[:DELIVERY_ID_LIMIT], **fields}


def _answer(outcome: str, status: int) -> tuple[Response, int]:
    return jsonify(outcome=outcome), status
