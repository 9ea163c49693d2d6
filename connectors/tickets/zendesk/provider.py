"""Zendesk as a ticket provider: pulls through the Search API, takes ticket event webhooks."""

from connectors.tickets.provider import Clock, Provider
from connectors.tickets.source import TicketSource
from connectors.tickets.zendesk.client import zendesk_http
from connectors.tickets.zendesk.reachability import ZendeskReachability
from connectors.tickets.zendesk.source import ZendeskTicketSource
from connectors.tickets.zendesk.webhook import WEBHOOK
from core.settings import Settings


def zendesk_source(settings: Settings, clock: Clock) -> TicketSource:
    """Zendesk from ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN.

    Raises:
        SourceNotConfigured: one of them is missing.
    """
    return ZendeskTicketSource(zendesk_http(settings), settings.zendesk_url or "")


PROVIDER = Provider(
    "zendesk",
    zendesk_source,
    lambda settings: settings.zendesk_configured,
    webhook=WEBHOOK,
    check=ZendeskReachability(),
)
