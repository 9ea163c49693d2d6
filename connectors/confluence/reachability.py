"""Is Confluence reachable with the configured URL and credentials? (``journeyops doctor``)

Cloud signs in with the account e-mail plus an API token and is asked through REST v2
(``<site>/wiki/api/v2/spaces``); Data Center takes a personal access token
(``Authorization: Bearer``) and is asked through v1 (``/rest/api/space``). A Data Center user
who sets CONFLUENCE_USERNAME signs in with username and password instead. Auth selection and
the reading of HTTP answers live in ``connectors.atlassian.reachability``.
"""

import logging
from typing import Any
from urllib.parse import quote

from atlassian import Confluence

from connectors.atlassian.reachability import AtlassianProduct, AtlassianReachability, Site
from core.health import CheckResult
from core.settings import Settings

logger = logging.getLogger(__name__)

PRODUCT = AtlassianProduct(
    name="Confluence",
    prefix="CONFLUENCE",
    client_class=Confluence,
    # api_version=2 selects the library's v2 Cloud client (DESIGN.md section 7).
    cloud_api_version=2,
    data_center_api_version=None,
    cloud_url_example="https://acme.atlassian.net/wiki",
    data_center_url_example="https://wiki.acme.com or https://acme.com/confluence",
    logger=logger,
)


class ConfluenceReachability(AtlassianReachability):
    """Lists one space to prove sign-in works, then looks up CONFLUENCE_SPACE.

    ``timeout`` and the never-raises contract: see ``AtlassianReachability``.
    """

    name: str = "confluence"
    product = PRODUCT

    def _check(self, client: Any, settings: Settings, site: Site) -> CheckResult:
        listing = "api/v2/spaces" if site.cloud else "rest/api/space"
        spaces = self._payload(client.get(listing, params={"limit": 1}, advanced_mode=True), site)
        flavour = "Cloud, REST v2" if site.cloud else "Data Center, REST v1"
        detail = f"signed in to {site.public_url} ({flavour})"
        key = settings.confluence_space
        if not key:
            if not spaces.get("results"):
                detail += "; this account sees no space"
            return CheckResult(self.name, True, f"{detail}; CONFLUENCE_SPACE not set")
        space = self._space(client, site, key)
        if space is None:
            return CheckResult(
                self.name,
                False,
                f"{detail}, but space {key} is not found or not visible to this account",
                "check CONFLUENCE_SPACE: the space key isn't found; give the key of an "
                "existing space (Space settings > Space details) that this account can view",
            )
        return CheckResult(
            self.name, True, f"{detail}; space {key} ({space.get('name') or key}) found"
        )

    def _space(self, client: Any, site: Site, key: str) -> dict[str, Any] | None:
        """The space ``key`` as Confluence describes it, or None when it is not found."""
        if site.cloud:
            # v2 has no by-key endpoint; filtering the listing by key answers 200 either way.
            found = self._payload(
                client.get("api/v2/spaces", params={"keys": key, "limit": 1}, advanced_mode=True),
                site,
            )
            results = [item for item in found.get("results") or [] if isinstance(item, dict)]
            return results[0] if results else None
        answer = client.get(f"rest/api/space/{quote(key, safe='')}", advanced_mode=True)
        if answer.status_code == 404:
            return None
        return self._payload(answer, site)
