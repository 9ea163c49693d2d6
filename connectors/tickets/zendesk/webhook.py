"""Zendesk's ticket event webhooks: verify, read, match.

Zendesk signs each request: ``X-Zendesk-Webhook-Signature`` = base64(HMAC-SHA256 of the
``X-Zendesk-Webhook-Signature-Timestamp`` value followed by the raw body), keyed with
the webhook's signing secret (ZENDESK_WEBHOOK_SECRET). A timestamp more than
``WINDOW`` away from our clock is refused, so a captured request cannot be replayed.

Followed events (a webhook subscribed to Zendesk's ticket events): ``ticket.created``
and ``ticket.tags_changed`` (a ticket tagged later can start matching a rule). The
``detail`` object carries the id, subject, description, tags, requester and creation
time; not custom fields, so rules with ``custom_fields`` or ``query`` are left to the
next pull.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from connectors.tickets.provider import ArrivedTicket, Delivery, TicketWebhook, Verdict
from connectors.tickets.signatures import base64_hmac_sha256, hmac_matches
from connectors.tickets.source import TicketRule
from connectors.tickets.zendesk.tickets import parse_time, zendesk_ticket
from core.settings import Settings

SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature"
TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp"
INVOCATION_HEADER = "X-Zendesk-Webhook-Invocation-Id"
WINDOW = timedelta(minutes=5)
FOLLOWED = frozenset({"zen:event-type:ticket.created", "zen:event-type:ticket.tags_changed"})


def verify_zendesk(
    settings: Settings, headers: Mapping[str, str], body: bytes, now: datetime
) -> Verdict:
    """Whether Zendesk signed ``body`` with ZENDESK_WEBHOOK_SECRET within the window."""
    secret = settings.zendesk_webhook_secret
    if secret is None or not secret.get_secret_value():
        return Verdict.NO_SECRET
    signature = headers.get(SIGNATURE_HEADER)
    stamp = headers.get(TIMESTAMP_HEADER)
    if not signature or not stamp:
        return Verdict.MISSING
    expected = base64_hmac_sha256(secret.get_secret_value(), stamp.encode() + body)
    if not hmac_matches(expected, signature):
        return Verdict.MISMATCH
    signed_at = parse_time(stamp)
    if signed_at is None or abs(now - signed_at) > WINDOW:
        return Verdict.EXPIRED
    return Verdict.OK


def read_zendesk(
    settings: Settings, payload: dict[str, Any], headers: Mapping[str, str]
) -> Delivery:
    """The ticket a Zendesk ticket event carries (none for other events)."""
    event = str(payload.get("type") or "")[:100]
    delivery = headers.get(INVOCATION_HEADER) or _text(payload.get("id"))
    detail = payload.get("detail")
    if event not in FOLLOWED or not isinstance(detail, dict) or not _text(detail.get("id")):
        return Delivery(delivery, event)
    site = settings.zendesk_url or ""
    tags = detail.get("tags")
    arrived = ArrivedTicket(
        zendesk_ticket(site, detail),
        frozenset(str(t).lower() for t in tags) if isinstance(tags, list) else frozenset(),
    )
    return Delivery(delivery, event, (arrived,))


def matches_zendesk(rule: TicketRule, arrived: ArrivedTicket) -> bool | None:
    """Whether ``arrived`` matches ``rule`` (every tag, every field); None when the rule
    has parts the delivery cannot decide (a free-text ``query``, fields not delivered)."""
    tags = [str(tag).lower() for tag in rule.query.get("tags", [])]
    if not all(tag in arrived.tags for tag in tags):
        return False
    fields: Mapping[str, Any] = rule.query.get("custom_fields", {})
    if rule.query.get("query") or (fields and not arrived.fields):
        return None
    return all(arrived.fields.get(str(k)) == str(v) for k, v in fields.items())


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str | int) and str(value) else None


WEBHOOK = TicketWebhook(verify_zendesk, read_zendesk, matches_zendesk)
