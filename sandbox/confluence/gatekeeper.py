"""What happens to every API request before its handler: record, faults, auth, spec check."""

from __future__ import annotations

import re

from flask import Response, jsonify, request

from sandbox.common.credentials import Credentials
from sandbox.common.fault_gate import apply_faults
from sandbox.common.journal import RecordedRequest
from sandbox.confluence.context import SandboxConfig, sandbox
from sandbox.confluence.errors import ConfluenceError, SpecViolation
from sandbox.confluence.spec_check import check_request

# The address people open a page at (not the REST API): the HTML view answers it.
VIEW_PAGE = "/pages/viewpage.action"
_V2_CODES = {400: "INVALID_REQUEST_PARAMETER", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT"}
_PAGE_PATH = re.compile(r"/(api/v2/pages|rest/api/content)(/(?P<id>[^/]+))?/?$")


def request_kind(method: str, path: str) -> str:
    """Which counter a request adds to: read, page/attachment/label/property write, other."""
    if method in ("GET", "HEAD", "OPTIONS"):
        return "read"
    if "/label" in path:
        return "label_write"
    if "/propert" in path:
        return "property_write"
    if "/child/attachment" in path or "/attachments" in path:
        return "attachment_write"
    match = _PAGE_PATH.search(path)
    if match:
        # atlassian-python-api re-uploads on DC with PUT /rest/api/content/{attachmentId}.
        return "attachment_write" if (match.group("id") or "").startswith("att") else "page_write"
    return "other_write"


def _authorised(config: SandboxConfig) -> bool:
    credentials = Credentials(
        config.flavour == "cloud", config.api_token, config.pat, config.username, config.password
    )
    return credentials.allow(request.headers.get("Authorization", ""))


def _fault_body(status: int) -> dict[str, object]:
    return {"statusCode": status, "message": "sandbox: injected fault"}


def before_api_request() -> Response | None:
    """Flask ``before_request`` hook; an answer here stops the request."""
    box = sandbox()
    config = box.config
    path = request.path
    if path.startswith("/sandbox/") or path == "/sandbox" or path.endswith(VIEW_PAGE):
        return None
    body = request.get_data(cache=True)
    box.state.record(
        RecordedRequest(
            request.method,
            path,
            request.query_string.decode(),
            body,
            request_kind(request.method, path),
        )
    )
    answer = apply_faults(box.faults, request.method, path, _fault_body)
    if answer is not None:
        return answer
    if not _authorised(config):
        answer = jsonify(statusCode=401, message="Unauthorized: bad or missing credentials")
        answer.status_code = 401
        answer.headers["WWW-Authenticate"] = 'Basic realm="Protected"'
        return answer
    if request.mimetype == "multipart/form-data" and (
        request.headers.get("X-Atlassian-Token", "").lower() != "no-check"
    ):
        raise SpecViolation("XSRF check failed (missing X-Atlassian-Token: no-check)", status=403)
    relative = path[len(config.prefix) :] if config.flavour == "datacenter" else path
    if config.flavour == "datacenter" and config.prefix and not path.startswith(config.prefix):
        raise ConfluenceError(404, f"Not under the context path {config.prefix}")
    check_request(
        config.flavour, request.method, relative, request.args, body, request.content_type
    )
    return None


def answer_error(exc: ConfluenceError) -> tuple[Response, int]:
    """Confluence-shaped JSON for a refusal; violations are recorded for the tests."""
    payload: dict[str, object]
    if "/api/v2/" in request.path:
        code = _V2_CODES.get(exc.status, "ERROR")
        payload = {"errors": [{"status": exc.status, "code": code, "title": exc.message}]}
    else:
        payload = {
            "statusCode": exc.status,
            "message": exc.message,
            "data": {"authorized": True, "valid": False, "errors": [], "successful": False},
        }
    if isinstance(exc, SpecViolation):
        violation = {
            "method": request.method,
            "path": request.path,
            "query": request.query_string.decode(),
            "reason": exc.reason,
            "detail": exc.detail,
        }
        sandbox().state.record_violation(violation)
        payload.update(sandbox="spec violation", kind=exc.reason, detail=exc.detail)
    return jsonify(payload), exc.status
