"""What happens around every API request: record, faults, auth, spec check before the
handler; Jira-shaped refusals; a check of the sandbox's own answer after it."""

from __future__ import annotations

import re

from flask import Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from sandbox.common.fault_gate import apply_faults
from sandbox.common.journal import RecordedRequest
from sandbox.jira.context import box
from sandbox.jira.errors import JiraError, SpecViolation
from sandbox.jira.spec_check import check_request, check_response

_SEARCH = re.compile(r"/search(/jql)?/?$")
UNAUTHORISED = "You are not authenticated. Authentication required to perform this operation."


def request_kind(method: str, path: str) -> str:
    """Which counter a request adds to (``state.KINDS``)."""
    if method in ("GET", "HEAD", "OPTIONS") or _SEARCH.search(path):
        return "read"
    if "/transitions" in path:
        return "transition"
    if "/properties" in path:
        return "property_write"
    if "/remotelink" in path:
        return "remotelink_write"
    if re.search(r"/rest/api/[^/]+/issue(/[^/]+)?/?$", path):
        return "issue_write"
    return "other"


def _fault_body(status: int) -> dict[str, object]:
    return {"errorMessages": [f"sandbox: injected fault ({status})"], "errors": {}}


def _record_violation(reason: str, detail: str) -> None:
    box().state.record_violation(
        {
            "method": request.method,
            "path": request.path,
            "query": request.query_string.decode(),
            "reason": reason,
            "detail": detail,
        }
    )


def before_api_request() -> Response | None:
    """Flask ``before_request`` hook; an answer here stops the request."""
    here = box()
    config = here.config
    path = request.path
    body = request.get_data(cache=True)
    kind = request_kind(request.method, path)
    query = request.query_string.decode()
    here.state.record(RecordedRequest(request.method, path, query, body, kind))
    answer = apply_faults(here.faults, request.method, path, _fault_body)
    if answer is not None:
        return answer
    if not config.credentials.allow(request.headers.get("Authorization", "")):
        answer = jsonify(errorMessages=[UNAUTHORISED], errors={})
        answer.status_code = 401
        answer.headers["WWW-Authenticate"] = 'Basic realm="protected-area"'
        return answer
    if config.prefix and not path.startswith(config.prefix + "/"):
        raise JiraError(404, f"Not under the context path {config.prefix}")
    relative = path[len(config.prefix) :]
    g.spec_target = check_request(
        config.flavour, request.method, relative, request.args, body, request.content_type
    )
    return None


def after_api_request(response: Response) -> Response:
    """Record a violation when a successful JSON answer breaks the vendor description."""
    target = g.get("spec_target")
    body = response.get_data() if not response.direct_passthrough else b""
    if target is None or not 200 <= response.status_code < 300 or not body:
        return response
    problem = check_response(
        target, request.method, request.args, response.status_code, body, response.content_type
    )
    if problem is not None:
        _record_violation("sandbox answer", problem)
    return response


def answer_error(exc: JiraError) -> tuple[Response, int]:
    """Jira's ErrorCollection for a refusal; violations are recorded for the tests."""
    payload: dict[str, object] = exc.body()
    if isinstance(exc, SpecViolation):
        _record_violation(exc.reason, exc.detail)
        payload.update(sandbox="spec violation", kind=exc.reason, detail=exc.detail)
    return jsonify(payload), exc.status


def answer_unrouted(exc: HTTPException) -> tuple[Response, int]:
    """A path or method the sandbox has no handler for.

    When the vendor description allows the request, the sandbox merely lacks it (501,
    "not emulated"); otherwise the path is unknown to Jira too (404).
    """
    described = g.get("spec_target") is not None
    status = 501 if described else exc.code or 404
    reason = "not emulated" if described else "unknown path"
    detail = f"{request.method} {request.path}: {reason} by the Jira sandbox"
    return answer_error(SpecViolation(detail, status=status, reason=reason))


def answer_crash(exc: Exception) -> Response | HTTPException | tuple[Response, int]:
    """A bug in the sandbox itself: recorded as a violation so the test fails, answered 500."""
    if isinstance(exc, HTTPException):
        return exc
    _record_violation("sandbox crash", f"{type(exc).__name__}: {exc}")
    return jsonify(errorMessages=["sandbox: internal error"], errors={}), 500
