"""Is Intercom reachable with INTERCOM_ACCESS_TOKEN? (``journeyops doctor``)

``GET /me`` once, no retries, a short time-out: it names the app the token belongs to.
"""

import httpx

from connectors.tickets.intercom.client import error_message, intercom_client
from core.health import CheckResult
from core.settings import Settings

TIMEOUT = httpx.Timeout(5.0)
FIX = "check INTERCOM_ACCESS_TOKEN: copy it from your Intercom app's Authentication page"


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
        try:
            with intercom_client(settings, transport=self.transport, timeout=TIMEOUT) as client:
                response = client.get("/me")
        except httpx.HTTPError as exc:
            return CheckResult(
                self.name,
                False,
                f"cannot reach {where} ({type(exc).__name__})",
                "check INTERCOM_API_URL (default https://api.intercom.io) and the network",
            )
        if response.status_code in (401, 403):
            message = error_message(response)
            return CheckResult(
                self.name,
                False,
                f"{where} refused the token ({response.status_code}"
                f"{': ' + message if message else ''})",
                FIX,
            )
        if response.status_code >= 400:
            return CheckResult(
                self.name,
                False,
                f"{where} answered {response.status_code}",
                "check INTERCOM_API_URL: https://api.intercom.io, https://api.eu.intercom.io "
                "or https://api.au.intercom.io",
            )
        try:
            me = response.json()
        except ValueError:
            me = None
        app = me.get("app") if isinstance(me, dict) else None
        if not isinstance(app, dict):
            return CheckResult(self.name, False, f"{where} answered something unexpected", FIX)
        secret = "set" if settings.intercom_client_secret else "not set (no webhooks)"
        return CheckResult(
            self.name,
            True,
            f"signed in to app {app.get('name') or app.get('id_code')} at {where}; "
            f"INTERCOM_CLIENT_SECRET {secret}",
        )
