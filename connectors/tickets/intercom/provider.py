"""Intercom as a ticket provider: conversations through the Search API, and webhooks."""

from connectors.tickets.intercom.client import intercom_http
from connectors.tickets.intercom.reachability import IntercomReachability
from connectors.tickets.intercom.source import IntercomTicketSource
from connectors.tickets.intercom.webhook import WEBHOOK
from connectors.tickets.provider import Clock, Provider
from connectors.tickets.source import TicketSource
from core.settings import Settings


def intercom_source(settings: Settings, clock: Clock) -> TicketSource:
    """Intercom from INTERCOM_ACCESS_TOKEN at INTERCOM_API_URL.

    Raises:
        SourceNotConfigured: INTERCOM_ACCESS_TOKEN is not set.
    """
    return IntercomTicketSource(intercom_http(settings))


PROVIDER = Provider(
    "intercom",
    intercom_source,
    lambda settings: settings.intercom_configured,
    webhook=WEBHOOK,
    check=IntercomReachability(),
)
