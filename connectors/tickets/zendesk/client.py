"""The httpx client for one Zendesk site, and how its answers map to our errors.

Zendesk takes ``{email}/token`` and the API token as HTTP Basic credentials.
"""

from collections.abc import Callable

import httpx

from connectors.tickets.errors import SourceNotConfigured
from connectors.tickets.http_retries import TIMEOUT, RetryingHttp, status_map
from core.settings import Settings

NOT_CONFIGURED = (
    "set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN to pull Zendesk tickets; "
    "`journeyops doctor` checks them"
)


def zendesk_description(response: httpx.Response) -> str:
    """What Zendesk says in an error answer (``description``, else ``error``); "" for none."""
    try:
        payload = response.json()
    except ValueError:
        return ""
    if not isinstance(payload, dict):
        return ""
    return str(payload.get("description") or payload.get("error") or "")[:300]


# The one place Zendesk's statuses are mapped; 400 and 422 are a search Zendesk refuses
# (bad syntax, or asking past the first 1,000 results).
zendesk_error = status_map(
    "Zendesk",
    credentials="check ZENDESK_EMAIL and ZENDESK_API_TOKEN, and that the agent may search tickets",
    site="ZENDESK_URL",
    detail=zendesk_description,
)


def zendesk_auth(settings: Settings) -> tuple[str, str]:
    """HTTP Basic credentials: ``<ZENDESK_EMAIL>/token`` and the API token.

    Raises:
        SourceNotConfigured: the settings lack the URL, e-mail or token.
    """
    token = settings.zendesk_api_token
    if not settings.zendesk_url or not settings.zendesk_email or token is None:
        raise SourceNotConfigured(NOT_CONFIGURED)
    return f"{settings.zendesk_email}/token", token.get_secret_value()


def zendesk_http(
    settings: Settings,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] | None = None,
) -> RetryingHttp:
    """A retrying client of ZENDESK_URL, signed in as ZENDESK_EMAIL with its API token.

    Raises:
        SourceNotConfigured: the settings lack the URL, e-mail or token.
    """
    client = httpx.Client(
        base_url=settings.zendesk_url or "",
        auth=zendesk_auth(settings),
        headers={"Accept": "application/json"},
        timeout=TIMEOUT,
        transport=transport,
    )
    return RetryingHttp(client, "Zendesk", zendesk_error, sleep=sleep)
