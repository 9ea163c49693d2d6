"""Is Jira reachable with the configured URL and credentials? (``journeyops doctor``)

Cloud signs in with the account e-mail plus an API token and speaks REST v3; Data Center
takes a personal access token (``Authorization: Bearer``) and speaks REST v2. A Data Center
user who sets JIRA_USERNAME signs in with username and password instead.
"""

import logging
from typing import Any
from urllib.parse import quote

import requests
from atlassian import Jira

from core.health import CheckResult, describe_network_error, public_url
from core.settings import Settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
NOT_CONFIGURED = "not configured"
ENABLE_HINT = "set JIRA_URL and JIRA_API_TOKEN (plus JIRA_USERNAME on Cloud) to enable it"
CLOUD_TOKEN_PAGE = "https://id.atlassian.com/manage-profile/security/api-tokens"


class JiraReachability:
    """Signs in to Jira (``GET /rest/api/{3|2}/myself``) and looks up JIRA_PROJECT.

    Args:
        timeout: seconds to wait for each answer.

    Calling it never raises for a network or HTTP problem; see ``core.health.ReachabilityCheck``.
    """

    name: str = "jira"

    def __init__(self, timeout: int = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout

    def __call__(self, settings: Settings) -> CheckResult:
        """Check the Jira that ``settings`` describe; see the class docstring."""
        if settings.jira_url is None:
            return CheckResult(self.name, True, NOT_CONFIGURED, ENABLE_HINT)
        url = public_url(settings.jira_url)
        cloud = bool(settings.jira_cloud)
        client = _client(settings, settings.jira_url, self.timeout)
        try:
            result = self._check(client, settings, url)
        except _Refused as refusal:
            result = CheckResult(self.name, False, refusal.detail, refusal.fix)
        except requests.RequestException as exc:
            result = CheckResult(
                self.name,
                False,
                f"cannot reach {url}: {describe_network_error(exc)}",
                "check JIRA_URL and the network (proxy, VPN, firewall)",
            )
        finally:
            client.close()
        event = "jira.reachability.ok" if result.ok else "jira.reachability.failed"
        logger.info(event, extra={"url": url, "cloud": cloud, "detail": result.detail})
        return result

    def _check(self, client: Any, settings: Settings, url: str) -> CheckResult:
        version = 3 if settings.jira_cloud else 2
        me = _payload(client.get(f"rest/api/{version}/myself", advanced_mode=True), settings, url)
        who = me.get("displayName") or me.get("name") or "this account"
        flavour = f"{'Cloud' if settings.jira_cloud else 'Data Center'}, REST v{version}"
        detail = f"signed in to {url} ({flavour}) as {who}"
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
        project = _payload(answer, settings, url)
        return CheckResult(
            self.name, True, f"{detail}; project {key} ({project.get('name') or key}) found"
        )


class _Refused(Exception):
    """Jira answered, but not with what the check needs."""

    def __init__(self, detail: str, fix: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fix = fix


def _client(settings: Settings, url: str, timeout: int) -> Any:
    """A client with the auth DESIGN.md section 4 prescribes, no retries, a short timeout."""
    token = settings.jira_api_token.get_secret_value() if settings.jira_api_token else ""
    cloud = bool(settings.jira_cloud)
    # Retry-After can ask for up to 30 minutes; a health check reports the 429 instead.
    common: dict[str, Any] = {
        "cloud": cloud,
        "api_version": 3 if cloud else 2,
        "timeout": timeout,
        "retry_with_header": False,
    }
    if cloud or settings.jira_username:
        return Jira(url, username=settings.jira_username, password=token, **common)
    return Jira(url, token=token, **common)


def _auth_fix(settings: Settings) -> str:
    if settings.jira_cloud:
        return (
            "check JIRA_USERNAME (the account's e-mail) and JIRA_API_TOKEN (an API token from "
            f"{CLOUD_TOKEN_PAGE})"
        )
    if settings.jira_username:
        return (
            "check JIRA_USERNAME and JIRA_API_TOKEN (the account's password), or unset "
            "JIRA_USERNAME and put a personal access token in JIRA_API_TOKEN"
        )
    return (
        "check JIRA_API_TOKEN: it must be a valid, unexpired personal access token (Jira profile "
        "> Personal Access Tokens); if this is Jira Cloud, set JIRA_CLOUD=true and JIRA_USERNAME"
    )


def _payload(answer: requests.Response, settings: Settings, url: str) -> dict[str, Any]:
    """The JSON object ``answer`` carries.

    Raises:
        _Refused: the answer is an error status or not a JSON object; says what to fix.
    """
    status = answer.status_code
    if status in (401, 403):
        detail = f"{url} refused the credentials ({status})"
        # Jira locks basic auth behind a CAPTCHA after repeated failed sign-ins.
        if "AUTHENTICATION_DENIED" in answer.headers.get("X-Seraph-LoginReason", ""):
            detail += "; Jira asks for a CAPTCHA after failed sign-ins (sign in once in a browser)"
        elif status == 403:
            detail += " or the account may not use the REST API"
        raise _Refused(detail, _auth_fix(settings))
    if status == 404:
        raise _Refused(
            f"{url} is not a Jira REST API (404 on {answer.request.path_url})",
            "check JIRA_URL: give the site's base URL, e.g. https://acme.atlassian.net "
            "(Data Center: include any context path, e.g. https://jira.acme.com/jira)",
        )
    if status == 429:
        raise _Refused(f"{url} is rate limiting requests (429)", "wait a minute and run again")
    if status >= 500:
        raise _Refused(
            f"{url} answered {status} {answer.reason}",
            "try again later; if it persists, check the Jira server's health",
        )
    if status >= 300:
        raise _Refused(f"{url} answered {status} {answer.reason}", "check JIRA_URL")
    try:
        payload = answer.json()
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        raise _Refused(
            f"{url} did not answer as the Jira REST API "
            f"(got {answer.headers.get('Content-Type') or 'no content type'})",
            "check JIRA_URL; a proxy or single sign-on page may be in the way",
        )
    return payload
