"""``POST /webhooks/jira``: Jira's signed webhooks move opportunities and pain points.

Register it in Jira administration (System > WebHooks) with a secret equal to
JIRA_WEBHOOK_SECRET. Each request goes: read the raw body (over 1 MiB: 413) -> verify
``X-Hub-Signature`` (HMAC-SHA256, constant time; missing, wrong, or no secret configured:
401) -> parse (not a JSON object: 400) -> apply once per delivery id
(``X-Atlassian-Webhook-Identifier``, else a hash of the body) in one transaction -> 200
with ``{"outcome": ...}``. Events and issues we do not follow get 200 too: Jira retries
anything else, so we never answer 409 or 5xx for a payload we simply don't want.
"""

import logging

from flask import Blueprint, Response, jsonify, request

from webhooks.jira_events import Outcome, apply_jira_event
from webhooks.request_body import (
    DELIVERY_ID_LIMIT,
    MAX_BODY,
    delivery_id,
    parse_object,
    read_body,
)
from webhooks.runtime import runtime
from webhooks.signatures import hub_signature_matches

logger = logging.getLogger(__name__)

jira_webhook = Blueprint("jira_webhook", __name__)

DELIVERY_HEADER = "X-Atlassian-Webhook-Identifier"
SIGNATURE_HEADER = "X-Hub-Signature"


@jira_webhook.post("/webhooks/jira")
def receive_jira_webhook() -> tuple[Response, int]:
    """Verify, de-duplicate and apply one Jira webhook delivery (see the module docs)."""
    body = read_body(MAX_BODY)
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
    payload = parse_object(body)
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


def _context(**fields: str) -> dict[str, str]:
    """Log fields: the delivery id (never the signature or the secret) and ``fields``."""
    given = request.headers.get(DELIVERY_HEADER, "")
    return {"delivery": given[:DELIVERY_ID_LIMIT], **fields}


def _answer(outcome: str, status: int) -> tuple[Response, int]:
    return jsonify(outcome=outcome), status
