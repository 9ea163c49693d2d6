"""Check each incoming request against the published Confluence API descriptions.

Cloud: ``/wiki/api/v2/...`` against the v2 spec, ``/wiki/rest/api/...`` against the current
v1 spec (which no longer has v1 page CRUD). Data Center: ``/rest/api/...`` against the
2024-02 v1 spec, whose paths carry a ``/wiki`` prefix that DC does not have.
"""

from __future__ import annotations

from openapi_core.exceptions import OpenAPIError
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest
from werkzeug.datastructures import MultiDict

from sandbox.confluence.errors import SpecViolation
from sandbox.confluence.specs import CLOUD_V1, CLOUD_V2, DC_V1, SPEC_HOST, load_openapi


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
    request = MockRequest(
        SPEC_HOST,
        method.lower(),
        spec_path,
        args=args,
        data=body or None,
        content_type=content_type or "application/json",
    )
    try:
        load_openapi(spec_name).validate_request(request)
    except (PathNotFound, OperationNotFound) as exc:
        raise SpecViolation(f"{spec_name}: {exc}", status=404) from exc
    except OpenAPIError as exc:
        cause = f" ({exc.__cause__})" if exc.__cause__ else ""
        raise SpecViolation(f"{spec_name}: {type(exc).__name__}: {exc}{cause}") from exc
