"""Check each incoming request against the published Confluence API descriptions.

Cloud: ``/wiki/api/v2/...`` against the v2 spec, ``/wiki/rest/api/...`` against the current
v1 spec (which no longer has v1 page CRUD). Data Center: ``/rest/api/...`` against the
2024-02 v1 spec, whose paths carry a ``/wiki`` prefix that DC does not have.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from sandbox.common import spec_check
from sandbox.confluence.errors import SpecViolation
from sandbox.confluence.specs import CLOUD_V1, CLOUD_V2, DC_V1, load_openapi


def spec_for(flavour: str, path: str) -> tuple[str, str] | None:
    """(spec file, path as that spec spells it) for an API path; None for non-API paths."""
    # Jersey ignores a trailing slash (atlassian-python-api posts to `rest/api/content/`).
    path = path.rstrip("/") or "/"
    if flavour == "cloud":
        if path.startswith("/wiki/api/v2/"):
            return CLOUD_V2, path
        if path.startswith("/wiki/rest/api/"):
            return CLOUD_V1, path
        return None
    if path.startswith("/rest/api/"):
        return DC_V1, "/wiki" + path
    return None


def check_request(
    flavour: str,
    method: str,
    path: str,
    args: MultiDict[str, str],
    body: bytes,
    content_type: str | None,
) -> None:
    """Raise SpecViolation when the vendor description refuses the request.

    ``path`` is relative to the server root (Cloud keeps ``/wiki``; DC has its context
    path removed). Unknown paths and methods give a 404 violation, like Confluence.
    """
    target = spec_for(flavour, path)
    if target is None:
        return
    spec_name, spec_path = target
    try:
        spec_check.check_request(
            load_openapi(spec_name), spec_name, method, spec_path, args, body, content_type
        )
    except spec_check.Refusal as exc:
        raise SpecViolation(exc.detail, status=exc.status) from exc
