"""Check each incoming request (and the sandbox's answer) against Jira's published API
descriptions.

Cloud: ``/rest/api/3`` against the v3 spec and ``/rest/api/2`` against the v2 spec; the old
``/search`` is gone (410, like Jira Cloud). Data Center: ``/rest/api/2`` only, against the
v2 spec; Cloud's ``/search/jql`` does not exist there. A v2 path missing from the 2024 v2
file is checked against the v3 operation with 3 -> 2 in the path (USING.md 6).
"""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from sandbox.common import spec_check
from sandbox.jira.errors import SpecViolation
from sandbox.jira.specs import V2, V3, load_openapi

_API = re.compile(r"^/rest/api/(?P<version>[^/]+)(?P<rest>/.*)?$")
REMOVED_SEARCH = (
    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
    "A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
)
Target = tuple[str, str]


def _refuse_by_flavour(cloud: bool, version: str, rest: str) -> None:
    if cloud and rest == "/search":
        raise SpecViolation(REMOVED_SEARCH, status=410, reason="removed endpoint")
    if not cloud and version == "3":
        raise SpecViolation("Jira Data Center has no REST API v3 (use /rest/api/2)", status=404)
    if not cloud and rest.startswith("/search/jql"):
        raise SpecViolation(
            "/search/jql is Jira Cloud only; Data Center searches with /rest/api/2/search",
            status=404,
        )


def check_request(
    flavour: str,
    method: str,
    path: str,
    args: MultiDict[str, str],
    body: bytes,
    content_type: str | None,
) -> Target | None:
    """Raise SpecViolation when Jira would refuse the request; else (spec, path) it matched.

    ``path`` is relative to the server root and any Data Center context path. Paths
    outside ``/rest/api`` are not checked here (None).
    """
    match = _API.match(path)
    if match is None:
        return None
    version, rest = match.group("version"), (match.group("rest") or "").rstrip("/")
    _refuse_by_flavour(flavour == "cloud", version, rest)
    candidates = [(V3, path)] if version == "3" else [(V2, path), (V3, f"/rest/api/3{rest}")]
    if version not in ("2", "3"):
        raise SpecViolation(f"There is no Jira REST API version {version}", status=404)
    for number, (spec_name, spec_path) in enumerate(candidates):
        try:
            spec_check.check_request(
                load_openapi(spec_name), spec_name, method, spec_path, args, body, content_type
            )
            return spec_name, spec_path
        except spec_check.Refusal as exc:
            if exc.status != 404 or number == len(candidates) - 1:
                raise SpecViolation(exc.detail, status=exc.status) from exc
    return None


def check_response(
    target: Target,
    method: str,
    args: MultiDict[str, str],
    status: int,
    body: bytes,
    content_type: str,
) -> str | None:
    """Why the sandbox's own answer breaks the description (None when it fits)."""
    spec_name, spec_path = target
    try:
        spec_check.check_response(
            load_openapi(spec_name), spec_name, method, spec_path, args, status, body, content_type
        )
    except spec_check.Refusal as exc:
        return exc.detail
    return None
