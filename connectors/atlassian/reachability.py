"""The ``journeyops doctor`` frame that Confluence's and Jira's reachability checks share.

An ``AtlassianReachability`` subclass names its product (``AtlassianProduct``) and says what to
ask (``_check``); this module builds the client (Cloud, or a username set: username plus
password; otherwise a personal access token), turns every refusal or network error into a
``CheckResult`` that names the variable to fix, and logs ``<name>.reachability.ok|failed``.
"""

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import requests
from pydantic import SecretStr

from core.health import CheckResult, describe_network_error, public_url
from core.settings import Settings

TIMEOUT_SECONDS = 10
NOT_CONFIGURED = "not configured"
CLOUD_TOKEN_PAGE = "https://id.atlassian.com/manage-profile/security/api-tokens"


@dataclass(frozen=True)
class Site:
    """Where and as whom a check signs in.

    Args:
        url: the base URL as configured.
        public_url: ``url`` as messages and logs show it (``core.health.public_url``).
        username: the username or, on Cloud, the account's e-mail; None for a token alone.
        token: the API token, password or personal access token.
        cloud: True for Atlassian Cloud, False for Data Center.
    """

    url: str
    public_url: str
    username: str | None
    token: SecretStr | None = field(repr=False)
    cloud: bool


@dataclass(frozen=True)
class AtlassianProduct:
    """What tells one Atlassian product's check from another's.

    Args:
        name: the product as messages name it (``Confluence``, ``Jira``).
        prefix: of its variables (``CONFLUENCE_URL`` ...); lowercased, of its ``Settings``
            fields (``confluence_url``, ``confluence_username``, ``confluence_api_token``,
            ``confluence_cloud``).
        client_class: the atlassian-python-api client (``Confluence``, ``Jira``).
        cloud_api_version: ``api_version`` for Cloud; None leaves the library's default.
        data_center_api_version: likewise for Data Center.
        cloud_url_example: a base URL the 404 fix offers on Cloud.
        data_center_url_example: likewise on Data Center.
        logger: where ``<name>.reachability.ok|failed`` is logged (the product module's).
        captcha_note: whether a 401/403 says so when ``X-Seraph-LoginReason`` reports a
            CAPTCHA after failed sign-ins.
    """

    name: str
    prefix: str
    client_class: Callable[..., Any]
    cloud_api_version: int | None
    data_center_api_version: int | None
    cloud_url_example: str
    data_center_url_example: str
    logger: logging.Logger
    captcha_note: bool = False

    def site(self, settings: Settings) -> Site | None:
        """The product's slice of ``settings``; None when its URL is not set."""
        fields = self.prefix.lower()
        url: str | None = getattr(settings, f"{fields}_url")
        if url is None:
            return None
        return Site(
            url=url,
            public_url=public_url(url),
            username=getattr(settings, f"{fields}_username"),
            token=getattr(settings, f"{fields}_api_token"),
            cloud=bool(getattr(settings, f"{fields}_cloud")),
        )


class Refused(Exception):
    """The product answered, but not with what the check needs."""

    def __init__(self, detail: str, fix: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fix = fix


class AtlassianReachability(ABC):
    """Signs in to the ``product`` that the settings describe and asks what ``_check`` asks.

    Args:
        timeout: seconds to wait for each answer.

    Calling it never raises for a network or HTTP problem; see ``core.health.ReachabilityCheck``.
    """

    name: str
    product: ClassVar[AtlassianProduct]

    def __init__(self, timeout: int = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout

    def __call__(self, settings: Settings) -> CheckResult:
        """Check the product that ``settings`` describe; see the class docstring."""
        product = self.product
        site = product.site(settings)
        if site is None:
            return CheckResult(
                self.name,
                True,
                NOT_CONFIGURED,
                f"set {product.prefix}_URL and {product.prefix}_API_TOKEN "
                f"(plus {product.prefix}_USERNAME on Cloud) to enable it",
            )
        client = self._client(site)
        try:
            result = self._check(client, settings, site)
        except Refused as refusal:
            result = CheckResult(self.name, False, refusal.detail, refusal.fix)
        except requests.RequestException as exc:
            result = CheckResult(
                self.name,
                False,
                f"cannot reach {site.public_url}: {describe_network_error(exc)}",
                f"check {product.prefix}_URL and the network (proxy, VPN, firewall)",
            )
        finally:
            client.close()
        event = f"{self.name}.reachability.{'ok' if result.ok else 'failed'}"
        product.logger.info(
            event, extra={"url": site.public_url, "cloud": site.cloud, "detail": result.detail}
        )
        return result

    @abstractmethod
    def _check(self, client: Any, settings: Settings, site: Site) -> CheckResult:
        """Ask ``client`` what proves the product usable; ``_payload`` reads each answer.

        Raises:
            Refused: an answer was not what the check needs; says what to fix.
            requests.RequestException: the product could not be reached.
        """

    def _client(self, site: Site) -> Any:
        """A client with the auth DESIGN.md section 4 prescribes, no retries, a short timeout."""
        product = self.product
        token = site.token.get_secret_value() if site.token else ""
        # Retry-After can ask for up to 30 minutes; a health check reports the 429 instead.
        common: dict[str, Any] = {
            "cloud": site.cloud,
            "timeout": self.timeout,
            "retry_with_header": False,
        }
        # DESIGN.md section 7: which REST version each deployment speaks.
        version = product.cloud_api_version if site.cloud else product.data_center_api_version
        if version is not None:
            common["api_version"] = version
        if site.cloud or site.username:
            return product.client_class(site.url, username=site.username, password=token, **common)
        return product.client_class(site.url, token=token, **common)

    def _payload(self, answer: requests.Response, site: Site) -> dict[str, Any]:
        """The JSON object ``answer`` carries.

        Raises:
            Refused: the answer is an error status or not a JSON object; says what to fix.
        """
        product, url, status = self.product, site.public_url, answer.status_code
        if status in (401, 403):
            detail = f"{url} refused the credentials ({status})"
            # Jira locks basic auth behind a CAPTCHA after repeated failed sign-ins.
            if product.captcha_note and "AUTHENTICATION_DENIED" in answer.headers.get(
                "X-Seraph-LoginReason", ""
            ):
                detail += (
                    f"; {product.name} asks for a CAPTCHA after failed sign-ins "
                    "(sign in once in a browser)"
                )
            elif status == 403:
                detail += " or the account may not use the REST API"
            raise Refused(detail, self._auth_fix(site))
        if status == 404:
            example = product.cloud_url_example if site.cloud else product.data_center_url_example
            raise Refused(
                f"{url} is not a {product.name} REST API (404 on {answer.request.path_url})",
                f"check {product.prefix}_URL: give the site's base URL, e.g. {example}",
            )
        if status == 429:
            raise Refused(f"{url} is rate limiting requests (429)", "wait a minute and run again")
        if status >= 500:
            raise Refused(
                f"{url} answered {status} {answer.reason}",
                f"try again later; if it persists, check the {product.name} server's health",
            )
        if status >= 300:
            raise Refused(f"{url} answered {status} {answer.reason}", f"check {product.prefix}_URL")
        try:
            payload = answer.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            raise Refused(
                f"{url} did not answer as the {product.name} REST API "
                f"(got {answer.headers.get('Content-Type') or 'no content type'})",
                f"check {product.prefix}_URL; a proxy or single sign-on page may be in the way",
            )
        return payload

    def _auth_fix(self, site: Site) -> str:
        name, prefix = self.product.name, self.product.prefix
        if site.cloud:
            return (
                f"check {prefix}_USERNAME (the account's e-mail) and {prefix}_API_TOKEN (an API "
                f"token from {CLOUD_TOKEN_PAGE})"
            )
        if site.username:
            return (
                f"check {prefix}_USERNAME and {prefix}_API_TOKEN (the account's password), or "
                f"unset {prefix}_USERNAME and put a personal access token in {prefix}_API_TOKEN"
            )
        return (
            f"check {prefix}_API_TOKEN: it must be a valid, unexpired personal access token "
            f"({name} profile > Personal Access Tokens); if this is {name} Cloud, set "
            f"{prefix}_CLOUD=true and {prefix}_USERNAME"
        )
