"""Is Zendesk reachable with ZENDESK_URL and its credentials? (``journeyops doctor``)

``GET /api/v2/users/me.json`` once (``connectors.tickets.reachability.probe``). Zendesk
may answer bad credentials with the anonymous user (id null) instead of 401, so a user
without an id counts as refused.
"""

import httpx

from connectors.tickets.errors import SourceNotConfigured
from connectors.tickets.reachability import TIMEOUT, probe
from connectors.tickets.zendesk.client import zendesk_auth, zendesk_description
from core.health import CheckResult
from core.settings import Settings

FIX = "check ZENDESK_EMAIL and ZENDESK_API_TOKEN (an agent's e-mail and an active API token)"
SITE_FIX = "check ZENDESK_URL (your Zendesk site, e.g. https://acme.zendesk.com) and the network"


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
        try:
            auth = zendesk_auth(settings)
        except SourceNotConfigured:
            return CheckResult(
                self.name,
                True,
                "not configured",
                "set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN to enable it",
            )
        site = settings.zendesk_url or ""
        answer = probe(
            self.name,
            site,
            lambda: httpx.Client(
                base_url=site, auth=auth, timeout=TIMEOUT, transport=self.transport
            ),
            "/api/v2/users/me.json",
            credentials_fix=FIX,
            site_fix=SITE_FIX,
            detail=zendesk_description,
        )
        if isinstance(answer, CheckResult):
            return answer
        user = answer.get("user")
        if not isinstance(user, dict) or user.get("id") is None:
            return CheckResult(self.name, False, f"{site} did not sign us in", FIX)
        webhook = "set" if settings.zendesk_webhook_secret else "not set (no webhooks)"
        who = user.get("name") or user.get("email") or "this agent"
        return CheckResult(
            self.name, True, f"signed in to {site} as {who}; ZENDESK_WEBHOOK_SECRET {webhook}"
        )
