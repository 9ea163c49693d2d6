"""The part every ticket provider's `journeyops doctor` check shares: one GET, no retries,
a short time-out, and the answer read into a row or a JSON object (``ReachabilityCheck``
contract: never raises, never a secret)."""

from collections.abc import Callable
from typing import Any

import httpx

from core.health import CheckResult

TIMEOUT = httpx.Timeout(5.0)


def probe(
    name: str,
    where: str,
    client: Callable[[], httpx.Client],
    path: str,
    *,
    credentials_fix: str,
    site_fix: str,
    detail: Callable[[httpx.Response], str],
) -> dict[str, Any] | CheckResult:
    """``GET path`` with a fresh ``client()``: the JSON object answered, or the failed
    row (unreachable, refused credentials, another error status, not a JSON object).

    Args:
        name: the row's name; where: the site as the row names it.
        credentials_fix, site_fix: what to check when the credentials, or the site, fail.
        detail: what the provider says in an error answer ("" for nothing).
    """
    try:
        with client() as session:
            response = session.get(path)
    except httpx.HTTPError as exc:
        return CheckResult(name, False, f"cannot reach {where} ({type(exc).__name__})", site_fix)
    status = response.status_code
    if status in (401, 403):
        said = detail(response)
        refused = f"{where} refused the credentials ({status}{': ' + said if said else ''})"
        return CheckResult(name, False, refused, credentials_fix)
    if status >= 400:
        return CheckResult(name, False, f"{where} answered {status}", site_fix)
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return CheckResult(name, False, f"{where} answered something unexpected", site_fix)
    return payload
