"""The one loop every Atlassian call of ours goes through (DESIGN.md section 5, outbound).

``RetryingSender.send`` paces the request (``RequestPacer``), counts it, sends it through
atlassian-python-api's ``request`` (auth, sessions and pooling stay in the library), and:

* answers below 400: the parsed JSON (None for an empty body);
* 429: every thread waits out Retry-After (the site throttles us, not one call), then retry;
* 5xx, time-outs and dropped connections: retry after capped, jittered backoff;
* any other 4xx: the product's own error, made by ``refusal`` (no retry: it would fail
  the same way);
* still failing after ``MAX_ATTEMPTS`` tries: the error ``unavailable`` makes.

Messages name the method and path, never the credentials or the body.
"""

import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import requests

from connectors.atlassian.pacing import RequestPacer

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
MAX_BACKOFF_SECONDS = 30.0


def backoff(attempt: int) -> float:
    """Exponential backoff with full jitter: at most 0.5 s, 1 s, 2 s ... capped at 30 s."""
    return random.uniform(0, min(MAX_BACKOFF_SECONDS, 0.5 * 2 ** (attempt - 1)))


def retry_after(response: requests.Response, attempt: int) -> float:
    """The seconds a 429 asks us to wait (capped at 30 s); backoff when it does not say."""
    try:
        return min(MAX_BACKOFF_SECONDS, max(0.0, float(response.headers["Retry-After"])))
    except (KeyError, ValueError):
        return backoff(attempt)


class RetryingSender:
    """Sends requests to one site with the rules above; safe to share between threads.

    Args:
        api: the atlassian-python-api client whose ``request`` sends.
        product: the product as messages name it ("Confluence", "Jira"); lowercased, the
            prefix of the ``<product>.request.retry`` log key.
        pacer: the site's request-rate cap, shared by every thread.
        refusal: our error for a 4xx answer other than 429.
        unavailable: our error, from a message, for a site that kept failing.
        sleep: how to wait between retries (tests pass a recorder).
    """

    def __init__(
        self,
        api: Any,
        *,
        product: str,
        pacer: RequestPacer,
        refusal: Callable[[requests.Response], Exception],
        unavailable: Callable[[str], Exception],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api = api
        self.product = product
        self.pacer = pacer
        self.refusal = refusal
        self.unavailable = unavailable
        self.sleep = sleep
        self.requests_sent = 0
        self._count_lock = threading.Lock()
        self._log_key = f"{product.lower()}.request.retry"

    def send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | list[Any] | None = None,
        files: list[tuple[str, Any]] | None = None,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Send one request; its JSON answer (None when empty).

        Raises:
            whatever ``refusal`` makes, for a 4xx other than 429;
            whatever ``unavailable`` makes, when every try failed.
        """
        for attempt in range(1, MAX_ATTEMPTS + 1):
            self.pacer.wait()
            with self._count_lock:
                self.requests_sent += 1
            try:
                response = self.api.request(
                    method,
                    path,
                    params=params,
                    json=json,
                    files=files,
                    data=data,
                    headers=headers,
                    advanced_mode=True,
                )
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt == MAX_ATTEMPTS:
                    raise self.unavailable(
                        f"{self.product} did not answer {method} {path} after {attempt} tries: "
                        f"{type(exc).__name__}"
                    ) from exc
                status, delay = 0, backoff(attempt)
            else:
                status = response.status_code
                if status < 400:
                    return response.json() if response.content else None
                if status != 429 and status < 500:
                    raise self.refusal(response)
                if attempt == MAX_ATTEMPTS:
                    raise self.unavailable(
                        f"{self.product} answered {status} to {method} {path} {attempt} times"
                    )
                if status == 429:
                    # Every thread waits out Retry-After: the site throttles us, not a call.
                    delay = retry_after(response, attempt)
                    self.pacer.hold(delay)
                else:
                    delay = backoff(attempt)
            logger.info(
                self._log_key,
                extra={"method": method, "path": path, "attempt": attempt, "delay": delay},
            )
            if status != 429:
                self.sleep(delay)
        raise AssertionError("unreachable")
