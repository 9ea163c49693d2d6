"""The httpx client for one Zendesk site, and how its answers map to our errors.

Zendesk takes ``{email}/token`` and the API token as HTTP Basic credentials.
"""

from collections.abc import Callable

import httpx

from connectors.tickets.errors import (
    RuleRefused,
    SourceFailed,
    SourceNotConfigured,
    TicketSourceError,
)
from connectors.tickets.http_retries import TIMEOUT, RetryingHttp
from core.settings import Settings

NOT_CONFIGURED = (
    "set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN to pull Zendesk tickets; "
    "`journeyops doctor` checks them"
)


def zendesk_error(response: httpx.Response) -> TicketSourceError:
    """Our error for a Zendesk 4xx answer (not 429): the one place statuses are mapped."""
    status = response.status_code
    where = f"{response.request.method} {response.request.url.path}"
    if status in (401, 403):
        return SourceFailed(
            f"Zendesk refused the credentials ({status} on {where}); check ZENDESK_EMAIL "
            "and ZENDESK_API_TOKEN, and that the agent may search tickets"
        )
    if status == 404:
        return SourceFailed(f"Zendesk has no {where} (404); check ZENDESK_URL")
    detail = _description(response)
    # 400 and 422: the search query is wrong, or asks past the first 1,000 results.
    return RuleRefused(f"Zendesk refused the search ({status}{': ' + detail if detail else ''})")


def _description(response: httpx.Response) -> str:
    try:
        payload = response.json()
    except ValueError:
        return ""
    if not isinstance(payload, dict):
        return ""
    found = payload.get("description") or payload.get("error") or ""
    return str(found)[:300]


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
    token = settings.zendesk_api_token
    if not settings.zendesk_url or not settings.zendesk_email or token is None:
        raise SourceNotConfigured(NOT_CONFIGURED)
    client = httpx.Client(
        base_url=settings.zendesk_url,
        auth=(f"{settings.zendesk_email}/token", token.get_secret_value()),
        headers={"Accept": "application/json"},
        timeout=TIMEOUT,
        transport=transport,
    )
    if sleep is None:
        return RetryingHttp(client, "Zendesk", zendesk_error)
    return RetryingHttp(client, "Zendesk", zendesk_error, sleep=sleep)
