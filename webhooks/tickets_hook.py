"""``POST /webhooks/tickets/<provider>``: Zendesk and Intercom deliver new tickets and
conversations, linked to the steps whose rules they match as they arrive.

Each request goes: unknown provider (or one that takes no webhooks): 404 -> read the raw
body (over 1 MiB: 413) -> verify the provider's signature in constant time (missing,
wrong, outside Zendesk's 5-minute window, or the provider's secret unset: 401) -> parse
(not a JSON object: 400) -> record the delivery id once (a retry: ``duplicate``) and link
the tickets it carries, in one transaction -> 200 with ``{"outcome": ...}``. Events we do
not follow get 200 (``ignored``): senders retry anything else. The spike check runs
after the answer's work, in a thread of its own.
"""

import logging
from collections.abc import Mapping
from typing import cast

from flask import Blueprint, Response, jsonify, request

from connectors.tickets.arrivals import link_arrivals
from connectors.tickets.provider import Delivery, Provider, Verdict
from connectors.tickets.registry import providers
from core.enums import Origin
from core.model import utcnow
from core.services.deliveries import first_delivery
from webhooks.request_body import delivery_id, parse_object, read_body
from webhooks.runtime import runtime
from webhooks.ticket_pulls import check_spikes_later

logger = logging.getLogger(__name__)

tickets_webhook = Blueprint("tickets_webhook", __name__)


@tickets_webhook.post("/webhooks/tickets/<provider>")
def receive_ticket_webhook(provider: str) -> tuple[Response, int]:
    """Verify, de-duplicate and link one ticket webhook delivery (see the module docs)."""
    found = providers().get(provider)
    if found is None or found.webhook is None:
        return _answer("unknown_provider", 404)
    log = {"source": found.name}
    body = read_body()
    if body is None:
        logger.warning("tickets.webhook.too_large", extra=log)
        return _answer("too_large", 413)
    rt = runtime()
    # werkzeug's Headers: a mapping whose .get ignores case, as HTTP header names do.
    headers = cast(Mapping[str, str], request.headers)
    verdict = found.webhook.verify(rt.settings, headers, body, utcnow())
    if verdict is not Verdict.OK:
        # Never the signature or the secret: only why it was refused.
        logger.warning("tickets.webhook.bad_signature", extra={**log, "reason": verdict.value})
        return _answer("unauthorized", 401)
    payload = parse_object(body)
    if payload is None:
        logger.warning("tickets.webhook.malformed", extra=log)
        return _answer("malformed", 400)
    delivery = found.webhook.read(rt.settings, payload, headers)
    if not delivery.tickets:
        logger.debug("tickets.webhook.ignored", extra={**log, "event": delivery.event})
        return _answer("ignored", 200)
    outcome = _link(found, delivery_id(delivery.delivery_id, body), delivery)
    logger.info(
        "tickets.webhook.received", extra={**log, "event": delivery.event, "outcome": outcome}
    )
    if outcome == "linked":
        check_spikes_later(rt.store, rt.settings, rt.settings.workspace)
    return _answer(outcome, 200)


def _link(provider: Provider, delivery: str, arrived: Delivery) -> str:
    """Record ``delivery`` and link what it carries, in one transaction; the outcome."""
    rt = runtime()
    actor = f"{provider.name}:webhook"
    with rt.store.unit_of_work(rt.settings.workspace, actor=actor, origin=Origin.API) as uow:
        if not first_delivery(uow, provider.name, delivery):
            return "duplicate"
        linked = link_arrivals(uow, provider, arrived)
    if linked.created:
        return "linked"
    return "updated" if linked.updated else "unmatched"


def _answer(outcome: str, status: int) -> tuple[Response, int]:
    return jsonify(outcome=outcome), status
