"""Is Jira reachable with the configured URL and credentials? (``journeyops doctor``)

Cloud signs in with the account e-mail plus an API token and speaks REST v3; Data Center
takes a personal access token (``Authorization: Bearer``) and speaks REST v2. A Data Center
user who sets JIRA_USERNAME signs in with username and password instead. Auth selection and
the reading of HTTP answers live in ``connectors.atlassian.reachability``.
"""

import logging
from typing import Any
from urllib.parse import quote

from atlassian import Jira

from connectors.atlassian.reachability import AtlassianProduct, AtlassianReachability, Site
from core.health import CheckResult
from core.settings import Settings

logger = logging.getLogger(__name__)

# Data Center serves Jira under any context path, so the 404 fix names both kinds of site.
_URL_EXAMPLE = (
    "https://acme.atlassian.net (Data Center: include any context path, e.g. "
    "https://jira.acme.com/jira)"
)

PRODUCT = AtlassianProduct(
    name="Jira",
    prefix="JIRA",
    client_class=Jira,
    cloud_api_version=3,
    data_center_api_version=2,
    cloud_url_example=_URL_EXAMPLE,
    data_center_url_example=_URL_EXAMPLE,
    logger=logger,
    captcha_note=True,
)


class JiraReachability(AtlassianReachability):
    """Signs in to Jira (``GET /rest/api/{3|2}/myself``) and looks up JIRA_PROJECT.

    ``timeout`` and the never-raises contract: see ``AtlassianReachability``.
    """

    name: str = "jira"
    product = PRODUCT

    def _check(self, client: Any, settings: Settings, site: Site) -> CheckResult:
        version = 3 if site.cloud else 2
        me = self._payload(client.get(f"rest/api/{version}/myself", advanced_mode=True), site)
        who = me.get("displayName") or me.get("name") or "this account"
        flavour = f"{'Cloud' if site.cloud else 'Data Center'}, REST v{version}"
        detail = f"signed in to {site.public_url} ({flavour}) as {who}"
        key = settings.jira_project
        if not key:
            return CheckResult(self.name, True, f"{detail}; JIRA_PROJECT not set")
        answer = client.get(f"rest/api/{version}/project/{quote(key, safe='')}", advanced_mode=True)
        if answer.status_code == 404:
            return CheckResult(
                self.name,
                False,
                f"{detail}, but project {key} is not found or not visible to this account",
                "check JIRA_PROJECT: give the key of an existing project (e.g. CX) that this "
                "account can browse",
            )
        project = self._payload(answer, site)
        return CheckResult(
            self.name, True, f"{detail}; project {key} ({project.get('name') or key}) found"
        )
