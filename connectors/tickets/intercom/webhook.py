"""Intercom's conversation webhooks: verify, read, match.

Intercom signs each notification: ``X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw
body>``, keyed with the app's client secret (INTERCOM_CLIENT_SECRET). Intercom sends no
timestamp to bound a replay; the delivery id (the notification's ``id``) makes a replay
change nothing.

Followed topics: ``conversation.user.created`` (a customer starts a conversation) and
``conversation_part.tag.created`` (a conversation is tagged, so it can start matching a
rule). ``data.item`` is the conversation, with its tags. Rules with a ``query`` are left
to the next pull: Intercom's search filters are not evaluated here.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from connectors.tickets.intercom.conversations import intercom_conversation, tag_names
from connectors.tickets.provider import ArrivedTicket, Delivery, TicketWebhook, Verdict
from connectors.tickets.signatures import hex_hmac_sha1, hmac_matches
from connectors.tickets.source import TicketRule
from core.settings import Settings

SIGNATURE_HEADER = "X-Hub-Signature"
FOLLOWED = frozenset({"conversation.user.created", "conversation_part.tag.created"})


def verify_intercom(
    settings: Settings, headers: Mapping[str, str], body: bytes, now: datetime
) -> Verdict:
    """Whether Intercom signed ``body`` with INTERCOM_CLIENT_SECRET."""
    secret = settings.intercom_client_secret
    if secret is None or not secret.get_secret_value():
        return Verdict.NO_SECRET
    signature = headers.get(SIGNATURE_HEADER)
    if not signature:
        return Verdict.MISSING
    expected = hex_hmac_sha1(secret.get_secret_value(), body)
    return Verdict.OK if hmac_matches(expected, signature.lower()) else Verdict.MISMATCH


def read_intercom(
    settings: Settings, payload: dict[str, Any], headers: Mapping[str, str]
) -> Delivery:
    """The conversation an Intercom notification carries (none for other topics)."""
    topic = str(payload.get("topic") or "")[:100]
    delivery = payload.get("id") if isinstance(payload.get("id"), str) else None
    data = payload.get("data")
    item = data.get("item") if isinstance(data, dict) else None
    if topic not in FOLLOWED or not isinstance(item, dict) or item.get("id") in (None, ""):
        return Delivery(delivery, topic)
    if item.get("type") not in (None, "conversation"):
        return Delivery(delivery, topic)
    app_id = payload.get("app_id") if isinstance(payload.get("app_id"), str) else None
    arrived = ArrivedTicket(intercom_conversation(app_id, item), tag_names(item))
    return Delivery(delivery, topic, (arrived,))


def matches_intercom(rule: TicketRule, arrived: ArrivedTicket) -> bool | None:
    """Whether ``arrived`` has every tag of ``rule``; None when the rule also has a
    ``query`` (decided by the next pull)."""
    tags = [str(tag).lower() for tag in rule.query.get("tags", [])]
    if not all(tag in arrived.tags for tag in tags):
        return False
    return None if rule.query.get("query") else True


WEBHOOK = TicketWebhook(verify_intercom, read_intercom, matches_intercom)
