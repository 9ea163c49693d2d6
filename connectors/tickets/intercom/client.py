"""The httpx client for Intercom's REST API, and how its answers map to our errors."""

from collections.abc import Callable

import httpx

from connectors.tickets.errors import SourceNotConfigured
from connectors.tickets.http_retries import TIMEOUT, RetryingHttp, status_map
from core.settings import Settings

API_VERSION = "2.11"
NOT_CONFIGURED = (
    "set INTERCOM_ACCESS_TOKEN (and INTERCOM_API_URL outside the US region) to pull "
    "Intercom conversations; `journeyops doctor` checks it"
)


def error_message(response: httpx.Response) -> str:
    """The messages of Intercom's ``error.list`` answer, joined; "" without one."""
    try:
        payload = response.json()
    except ValueError:
        return ""
    errors = payload.get("errors") if isinstance(payload, dict) else None
    if not isinstance(errors, list):
        return ""
    found = [str(e.get("message") or e.get("code")) for e in errors if isinstance(e, dict)]
    return "; ".join(found)[:300]


# The one place Intercom's statuses are mapped.
intercom_error = status_map(
    "Intercom",
    credentials="check INTERCOM_ACCESS_TOKEN and that the app may read conversations",
    site="INTERCOM_API_URL",
    detail=error_message,
)


def intercom_client(
    settings: Settings,
    *,
    transport: httpx.BaseTransport | None = None,
    timeout: httpx.Timeout = TIMEOUT,
) -> httpx.Client:
    """A plain httpx client of INTERCOM_API_URL with the access token.

    Raises:
        SourceNotConfigured: INTERCOM_ACCESS_TOKEN is not set.
    """
    token = settings.intercom_access_token
    if token is None:
        raise SourceNotConfigured(NOT_CONFIGURED)
    return httpx.Client(
        base_url=settings.intercom_api_url,
        headers={
            "Authorization": f"Bearer {token.get_secret_value()}",
            "Accept": "application/json",
            "Intercom-Version": API_VERSION,
        },
        timeout=timeout,
        transport=transport,
    )


def intercom_http(
    settings: Settings,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] | None = None,
) -> RetryingHttp:
    """A retrying client of INTERCOM_API_URL.

    Raises:
        SourceNotConfigured: INTERCOM_ACCESS_TOKEN is not set.
    """
    client = intercom_client(settings, transport=transport)
    return RetryingHttp(client, "Intercom", intercom_error, sleep=sleep)
