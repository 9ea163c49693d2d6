"""Is Intercom reachable with INTERCOM_ACCESS_TOKEN? (``journeyops doctor``)

``GET /me`` once (``connectors.tickets.reachability.probe``): it names the app the
token belongs to.
"""

import httpx

from connectors.tickets.intercom.client import error_message, intercom_client
from connectors.tickets.reachability import TIMEOUT, probe
from core.health import CheckResult
from core.settings import Settings

FIX = "check INTERCOM_ACCESS_TOKEN: copy it from your Intercom app's Authentication page"
SITE_FIX = (
    "check INTERCOM_API_URL (https://api.intercom.io, https://api.eu.intercom.io or "
    "https://api.au.intercom.io) and the network"
)


class IntercomReachability:
    """Asks Intercom who the token is; never raises (see ``ReachabilityCheck``).

    Args:
        transport: httpx transport (tests pass respx's).
    """

    name = "intercom"

    def __init__(self, transport: httpx.BaseTransport | None = None) -> None:
        self.transport = transport

    def __call__(self, settings: Settings) -> CheckResult:
        """Sign in and say to which app."""
        if settings.intercom_access_token is None:
            return CheckResult(
                self.name, True, "not configured", "set INTERCOM_ACCESS_TOKEN to enable it"
            )
        where = settings.intercom_api_url
        answer = probe(
            self.name,
            where,
            lambda: intercom_client(settings, transport=self.transport, timeout=TIMEOUT),
            "/me",
            credentials_fix=FIX,
            site_fix=SITE_FIX,
            detail=error_message,
        )
        if isinstance(answer, CheckResult):
            return answer
        app = answer.get("app")
        if not isinstance(app, dict):
            return CheckResult(self.name, False, f"{where} answered something unexpected", FIX)
        secret = "set" if settings.intercom_client_secret else "not set (no webhooks)"
        return CheckResult(
            self.name,
            True,
            f"signed in to app {app.get('name') or app.get('id_code')} at {where}; "
            f"INTERCOM_CLIENT_SECRET {secret}",
        )
