"""Jira as a ticket provider: built from JIRA_URL and its credentials."""

from connectors.jira.client import JiraClient
from connectors.tickets.errors import SourceNotConfigured
from connectors.tickets.jira.source import JiraTicketSource
from connectors.tickets.provider import Clock, Provider
from connectors.tickets.source import TicketSource
from core.settings import Settings


def jira_source(settings: Settings, clock: Clock) -> TicketSource:
    """Jira from JIRA_URL and its credentials (JIRA_PROJECT is not needed: the rules name
    their projects)."""
    if not settings.jira_configured or settings.jira_api_token is None:
        raise SourceNotConfigured(
            "set JIRA_URL and JIRA_API_TOKEN (plus JIRA_USERNAME on Cloud) to pull Jira "
            "tickets; `journeyops doctor` checks them"
        )
    return JiraTicketSource(JiraClient(settings), clock=clock)


# Jira's own doctor row and webhook (/webhooks/jira) live with connectors.jira.
PROVIDER = Provider("jira", jira_source, lambda settings: settings.jira_configured)
