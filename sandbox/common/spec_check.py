"""Ask openapi-core whether a vendor description accepts a request or a response."""

from __future__ import annotations

from openapi_core import OpenAPI
from openapi_core.exceptions import OpenAPIError
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest, MockResponse
from werkzeug.datastructures import MultiDict

from sandbox.common.specs import SPEC_HOST


class Refusal(Exception):
    """The description refuses: ``status`` 404 for an unknown path or method, else 400."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _mock_request(
    method: str,
    path: str,
    args: MultiDict[str, str],
    body: bytes,
    content_type: str | None,
    headers: dict[str, str] | None = None,
) -> MockRequest:
    return MockRequest(
        SPEC_HOST,
        method.lower(),
        path,
        args=args,
        headers=headers,
        data=body or None,
        content_type=content_type or "application/json",
    )


def _describe(spec_name: str, exc: OpenAPIError) -> str:
    cause = f" ({exc.__cause__})" if exc.__cause__ else ""
    return f"{spec_name}: {type(exc).__name__}: {exc}{cause}"


def check_request(
    api: OpenAPI,
    spec_name: str,
    method: str,
    path: str,
    args: MultiDict[str, str],
    body: bytes,
    content_type: str | None,
    headers: dict[str, str] | None = None,
) -> None:
    """Raise Refusal when ``api`` (loaded from ``spec_name``) refuses the request.

    ``path`` is spelt as the spec spells it (relative to its server URL's host);
    ``headers`` are the header parameters the spec declares (Slack's ``token``).
    """
    try:
        api.validate_request(_mock_request(method, path, args, body, content_type, headers))
    except (PathNotFound, OperationNotFound) as exc:
        raise Refusal(404, f"{spec_name}: {exc}") from exc
    except OpenAPIError as exc:
        raise Refusal(400, _describe(spec_name, exc)) from exc


def check_response(
    api: OpenAPI,
    spec_name: str,
    method: str,
    path: str,
    args: MultiDict[str, str],
    status: int,
    body: bytes,
    content_type: str,
) -> None:
    """Raise Refusal (status 500) when the stand-in's own answer breaks the description."""
    request = _mock_request(method, path, args, b"", None)
    response = MockResponse(body, status_code=status, content_type=content_type)
    try:
        api.validate_response(request, response)
    except OpenAPIError as exc:
        raise Refusal(500, _describe(spec_name, exc)) from exc
