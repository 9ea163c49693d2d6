"""Is Zendesk reachable with ZENDESK_URL and its credentials? (``journeyops doctor``)

``GET /api/v2/users/me.json`` once, no retries, a short time-out. Zendesk answers an
anonymous user (id null) rather than 401 for bad credentials on some sites, so a user
without an id counts as refused.
"""

import httpx

from core.health import CheckResult
from core.settings import Settings

TIMEOUT = httpx.Timeout(5.0)
FIX = "check ZENDESK_EMAIL and ZENDESK_API_TOKEN (an agent's e-mail and an active API token)"


class ZendeskReachability:
    """Signs in to Zendesk as ZENDESK_EMAIL; never raises (see ``ReachabilityCheck``).

    Args:
        transport: httpx transport (tests pass respx's).
    """

    name = "zendesk"

    def __init__(self, transport: httpx.BaseTransport | None = None) -> None:
        self.transport = transport

    def __call__(self, settings: Settings) -> CheckResult:
        """Sign in and say as whom."""
        token = settings.zendesk_api_token
        if not settings.zendesk_url or token is None or not settings.zendesk_email:
            return CheckResult(
                self.name,
                True,
                "not configured",
                "set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN to enable it",
            )
        site = settings.zendesk_url
        try:
            with httpx.Client(
                base_url=site,
                auth=(f"{settings.zendesk_email}/token", token.get_secret_value()),
                timeout=TIMEOUT,
                transport=self.transport,
            ) as client:
                response = client.get("/api/v2/users/me.json")
        except httpx.HTTPError as exc:
            return CheckResult(
                self.name,
                False,
                f"cannot reach {site} ({type(exc).__name__})",
                "check ZENDESK_URL (e.g. https://acme.zendesk.com) and the network",
            )
        if response.status_code in (401, 403):
            return CheckResult(
                self.name, False, f"{site} refused the credentials ({response.status_code})", FIX
            )
        if response.status_code >= 400:
            return CheckResult(
                self.name,
                False,
                f"{site} answered {response.status_code}",
                "check ZENDESK_URL: give your Zendesk site, e.g. https://acme.zendesk.com",
            )
        try:
            user = response.json().get("user") or {}
        except (ValueError, AttributeError):
            user = {}
        if not isinstance(user, dict) or user.get("id") is None:
            return CheckResult(self.name, False, f"{site} did not sign us in", FIX)
        webhook = "set" if settings.zendesk_webhook_secret else "not set (no webhooks)"
        who = user.get("name") or user.get("email") or "this agent"
        return CheckResult(
            self.name, True, f"signed in to {site} as {who}; ZENDESK_WEBHOOK_SECRET {webhook}"
        )
