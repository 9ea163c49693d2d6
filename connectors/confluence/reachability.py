"""Is Confluence reachable with the configured URL and credentials? (``journeyops doctor``)

Cloud signs in with the account e-mail plus an API token and is asked through REST v2
(``<site>/wiki/api/v2/spaces``); Data Center takes a personal access token
(``Authorization: Bearer``) and is asked through v1 (``/rest/api/space``). A Data Center user
who sets CONFLUENCE_USERNAME signs in with username and password instead.
"""

import logging
from typing import Any
from urllib.parse import quote

import requests
from atlassian import Confluence

from core.health import CheckResult, describe_network_error, public_url
from core.settings import Settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
NOT_CONFIGURED = "not configured"
ENABLE_HINT = (
    "set CONFLUENCE_URL and CONFLUENCE_API_TOKEN (plus CONFLUENCE_USERNAME on Cloud) to enable it"
)
CLOUD_TOKEN_PAGE = "https://id.atlassian.com/manage-profile/security/api-tokens"


class ConfluenceReachability:
    """Lists one space to prove sign-in works, then looks up CONFLUENCE_SPACE.

    Args:
        timeout: seconds to wait for each answer.

    Calling it never raises for a network or HTTP problem; see ``core.health.ReachabilityCheck``.
    """

    name: str = "confluence"

    def __init__(self, timeout: int = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout

    def __call__(self, settings: Settings) -> CheckResult:
        """Check the Confluence that ``settings`` describe; see the class docstring."""
        if settings.confluence_url is None:
            return CheckResult(self.name, True, NOT_CONFIGURED, ENABLE_HINT)
        url = public_url(settings.confluence_url)
        cloud = bool(settings.confluence_cloud)
        client = _client(settings, settings.confluence_url, self.timeout)
        try:
            result = self._check(client, settings, url)
        except _Refused as refusal:
            result = CheckResult(self.name, False, refusal.detail, refusal.fix)
        except requests.RequestException as exc:
            result = CheckResult(
                self.name,
                False,
                f"cannot reach {url}: {describe_network_error(exc)}",
                "check CONFLUENCE_URL and the network (proxy, VPN, firewall)",
            )
        finally:
            client.close()
        event = "confluence.reachability.ok" if result.ok else "confluence.reachability.failed"
        logger.info(event, extra={"url": url, "cloud": cloud, "detail": result.detail})
        return result

    def _check(self, client: Any, settings: Settings, url: str) -> CheckResult:
        cloud = bool(settings.confluence_cloud)
        listing = "api/v2/spaces" if cloud else "rest/api/space"
        spaces = _payload(
            client.get(listing, params={"limit": 1}, advanced_mode=True), settings, url
        )
        flavour = "Cloud, REST v2" if cloud else "Data Center, REST v1"
        detail = f"signed in to {url} ({flavour})"
        key = settings.confluence_space
        if not key:
            if not spaces.get("results"):
                detail += "; this account sees no space"
            return CheckResult(self.name, True, f"{detail}; CONFLUENCE_SPACE not set")
        space = self._space(client, settings, url, key)
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

    def _space(self, client: Any, settings: Settings, url: str, key: str) -> dict[str, Any] | None:
        """The space ``key`` as Confluence describes it, or None when it is not found."""
        if settings.confluence_cloud:
            # v2 has no by-key endpoint; filtering the listing by key answers 200 either way.
            found = _payload(
                client.get("api/v2/spaces", params={"keys": key, "limit": 1}, advanced_mode=True),
                settings,
                url,
            )
            results = [item for item in found.get("results") or [] if isinstance(item, dict)]
            return results[0] if results else None
        answer = client.get(f"rest/api/space/{quote(key, safe='')}", advanced_mode=True)
        if answer.status_code == 404:
            return None
        return _payload(answer, settings, url)


class _Refused(Exception):
    """Confluence answered, but not with what the check needs."""

    def __init__(self, detail: str, fix: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fix = fix


def _client(settings: Settings, url: str, timeout: int) -> Any:
    """A client with the auth DESIGN.md section 4 prescribes, no retries, a short timeout."""
    token = (
        settings.confluence_api_token.get_secret_value() if settings.confluence_api_token else ""
    )
    cloud = bool(settings.confluence_cloud)
    # Retry-After can ask for up to 30 minutes; a health check reports the 429 instead.
    common: dict[str, Any] = {"cloud": cloud, "timeout": timeout, "retry_with_header": False}
    if cloud:
        # api_version=2 selects the library's v2 Cloud client (DESIGN.md section 7).
        common["api_version"] = 2
    # atlassian-python-api ships py.typed but leaves Confluence's constructor unannotated.
    if cloud or settings.confluence_username:
        return Confluence(  # type: ignore[no-untyped-call]
            url, username=settings.confluence_username, password=token, **common
        )
    return Confluence(url, token=token, **common)  # type: ignore[no-untyped-call]


def _auth_fix(settings: Settings) -> str:
    if settings.confluence_cloud:
        return (
            "check CONFLUENCE_USERNAME (the account's e-mail) and CONFLUENCE_API_TOKEN (an API "
            f"token from {CLOUD_TOKEN_PAGE})"
        )
    if settings.confluence_username:
        return (
            "check CONFLUENCE_USERNAME and CONFLUENCE_API_TOKEN (the account's password), or "
            "unset CONFLUENCE_USERNAME and put a personal access token in CONFLUENCE_API_TOKEN"
        )
    return (
        "check CONFLUENCE_API_TOKEN: it must be a valid, unexpired personal access token "
        "(Confluence profile > Personal Access Tokens); if this is Confluence Cloud, set "
        "CONFLUENCE_CLOUD=true and CONFLUENCE_USERNAME"
    )


def _payload(answer: requests.Response, settings: Settings, url: str) -> dict[str, Any]:
    """The JSON object ``answer`` carries.

    Raises:
        _Refused: the answer is an error status or not a JSON object; says what to fix.
    """
    status = answer.status_code
    if status in (401, 403):
        detail = f"{url} refused the credentials ({status})"
        if status == 403:
            detail += " or the account may not use the REST API"
        raise _Refused(detail, _auth_fix(settings))
    if status == 404:
        example = (
            "https://acme.atlassian.net/wiki"
            if settings.confluence_cloud
            else "https://wiki.acme.com or https://acme.com/confluence"
        )
        raise _Refused(
            f"{url} is not a Confluence REST API (404 on {answer.request.path_url})",
            f"check CONFLUENCE_URL: give the site's base URL, e.g. {example}",
        )
    if status == 429:
        raise _Refused(f"{url} is rate limiting requests (429)", "wait a minute and run again")
    if status >= 500:
        raise _Refused(
            f"{url} answered {status} {answer.reason}",
            "try again later; if it persists, check the Confluence server's health",
        )
    if status >= 300:
        raise _Refused(f"{url} answered {status} {answer.reason}", "check CONFLUENCE_URL")
    try:
        payload = answer.json()
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise _Refused(
            f"{url} did not answer as the Confluence REST API "
            f"(got {answer.headers.get('Content-Type') or 'no content type'})",
            "check CONFLUENCE_URL; a proxy or single sign-on page may be in the way",
        )
    return payload
