"""The one loop every httpx call of a ticket provider goes through (DESIGN.md section 5).

``RetryingHttp.json`` sends one request and:

* answers below 400: the parsed JSON object (a body that is not a JSON object is
  ``SourceFailed``: the far system answered something we cannot read);
* 429: waits out ``Retry-After`` (capped), then tries again;
* 5xx, time-outs and dropped connections: capped, jittered backoff, then again;
* any other 4xx: the provider's own error, made by ``refusal`` (its one status map);
* still failing after ``MAX_ATTEMPTS`` tries: ``SourceFailed``.

Messages name the provider, the method and the path, never the credentials or the body.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

import httpx

from connectors.atlassian.retries import MAX_BACKOFF_SECONDS, backoff
from connectors.tickets.errors import RuleRefused, SourceFailed, TicketSourceError

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
Refusal = Callable[[httpx.Response], TicketSourceError]


def status_map(
    provider: str, *, credentials: str, site: str, detail: Callable[[httpx.Response], str]
) -> Refusal:
    """A provider's map of 4xx answers (not 429) to our errors: 401/403 refused
    credentials (``credentials`` says what to check), 404 a wrong ``site`` setting, any
    other (400, 422 ...) the rule's query refused, with the provider's own ``detail``."""

    def refusal(response: httpx.Response) -> TicketSourceError:
        status = response.status_code
        where = f"{response.request.method} {response.request.url.path}"
        if status in (401, 403):
            return SourceFailed(f"{provider} refused us ({status} on {where}); {credentials}")
        if status == 404:
            return SourceFailed(f"{provider} has no {where} (404); check {site}")
        said = detail(response)
        return RuleRefused(f"{provider} refused the search ({status}{': ' + said if said else ''})")

    return refusal


def wait_for(response: httpx.Response, attempt: int) -> float:
    """Seconds to wait before retrying a 429: its ``Retry-After`` in seconds (capped),
    or the backoff when it gives none (or gives a date)."""
    given = response.headers.get("Retry-After", "")
    try:
        return min(MAX_BACKOFF_SECONDS, max(0.0, float(given)))
    except ValueError:
        return backoff(attempt)


class RetryingHttp:
    """Sends one provider's requests with the rules above.

    Args:
        client: the httpx client (base URL, auth headers, timeouts); ``close`` closes it.
        provider: the provider's name, for messages and the ``tickets.http.retry`` log key.
        refusal: the provider's error for a 4xx answer other than 429 (``status_map``).
        sleep: how to wait between tries (default ``time.sleep``; tests pass a recorder).
    """

    def __init__(
        self,
        client: httpx.Client,
        provider: str,
        refusal: Refusal,
        *,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.client = client
        self.provider = provider
        self.refusal = refusal
        self.sleep = sleep or time.sleep

    def json(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        """The JSON object answering ``method url`` (``kwargs`` go to httpx).

        Raises:
            RuleRefused, SourceFailed: what ``refusal`` makes of a 4xx answer.
            SourceFailed: the provider kept failing, or answered something not JSON.
        """
        where = f"{method} {httpx.URL(url).path}"
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                response = self.client.request(method, url, **kwargs)
            except httpx.TransportError as exc:  # time-outs and dropped connections
                failure = f"{type(exc).__name__}"
                pause = backoff(attempt)
            else:
                if response.status_code < 400:
                    return self._parse(response, where)
                if response.status_code == 429:
                    failure, pause = "429 Too Many Requests", wait_for(response, attempt)
                elif response.status_code >= 500:
                    failure, pause = f"{response.status_code}", backoff(attempt)
                else:
                    raise self.refusal(response)
            if attempt == MAX_ATTEMPTS:
                break
            logger.info(
                "tickets.http.retry",
                extra={
                    "provider": self.provider,
                    "request": where,
                    "failure": failure,
                    "attempt": attempt,
                    "wait": round(pause, 2),
                },
            )
            self.sleep(pause)
        raise SourceFailed(
            f"{self.provider} kept failing on {where} ({failure}, {MAX_ATTEMPTS} tries); "
            "the next pull tries again"
        )

    def _parse(self, response: httpx.Response, where: str) -> dict[str, Any]:
        try:
            payload = response.json()
        except ValueError:  # JSONDecodeError and UnicodeDecodeError both are
            payload = None
        if not isinstance(payload, dict):
            raise SourceFailed(f"{self.provider} answered {where} with something not JSON")
        return payload

    def close(self) -> None:
        """Close the httpx client."""
        self.client.close()
