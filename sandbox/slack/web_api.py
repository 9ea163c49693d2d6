"""The Web API at ``<root>/api/<method>`` and what happens around every request.

Before the handler: record the request (with its kind), inject armed faults, then in
order: known method, token (``not_authed`` / ``invalid_auth`` / ``token_revoked`` /
``not_allowed_token_type``), per-method rate limit (429 + Retry-After), Slack's published
description (``spec_check``), scope (``missing_scope``). After: the answer must keep to
the java-slack-sdk sample shape, else the sandbox itself is at fault (a violation).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from sandbox.common.fault_gate import apply_faults
from sandbox.common.journal import RecordedRequest
from sandbox.slack import routes_chat, routes_conversations, routes_install, routes_views
from sandbox.slack.context import Call, Received, box, receive
from sandbox.slack.errors import SlackError, SpecViolation
from sandbox.slack.methods import Method
from sandbox.slack.routes_response import response_kind
from sandbox.slack.sample_shapes import shape_problem
from sandbox.slack.spec_check import check_call, is_known, unknown_method
from sandbox.slack.specs import API_PREFIX
from sandbox.slack.workspace import Grant

bp = Blueprint("slack_web_api", __name__)
SECRET_FIELDS = frozenset({"token", "client_secret", "code", "refresh_token"})
METHODS: dict[str, Method] = {
    **routes_chat.METHODS,
    **routes_conversations.METHODS,
    **routes_views.METHODS,
    **routes_install.METHODS,
}


def request_kind(path: str, body: bytes) -> str:
    """Which counter a request adds to (``state.KINDS``)."""
    if path.startswith(f"{API_PREFIX}/"):
        served = METHODS.get(path[len(API_PREFIX) + 1 :])
        return served.kind if served is not None else "other"
    if path.startswith("/response/"):
        return response_kind(body)
    return "other"


def _fault_body(status: int) -> dict[str, Any]:
    return {"ok": False, "error": "ratelimited" if status == 429 else "fatal_error"}


def record_and_inject_faults() -> Response | None:
    """Flask ``before_request``: log the request, then let an armed fault answer it."""
    here = box()
    body = request.get_data(cache=True)
    query = request.query_string.decode()
    kind = request_kind(request.path, body)
    here.state.record(RecordedRequest(request.method, request.path, query, body, kind))
    return apply_faults(here.faults, request.method, request.path, _fault_body)


def _authenticate(served: Method, received: Received) -> Grant | None:
    if not served.tokens:
        return None
    workspace = box().state.workspace
    token = received.token
    if token is None:
        raise SlackError("not_authed")
    if token in workspace.revoked:
        raise SlackError("token_revoked")
    grant = workspace.grant(token)
    if grant is None:
        raise SlackError("invalid_auth")
    if grant.kind not in served.tokens:
        raise SlackError("not_allowed_token_type")
    return grant


def _ratelimited(seconds: int) -> Response:
    answer = jsonify(ok=False, error="ratelimited")
    answer.status_code = 429
    answer.headers["Retry-After"] = str(seconds)
    return answer


@bp.route(f"{API_PREFIX}/<method>", methods=["GET", "POST"])
def call_method(method: str) -> Response:
    here = box()
    served = METHODS.get(method)
    if served is None:
        reason = "not emulated" if is_known(method) else "unknown method"
        raise unknown_method(method, reason)
    received = receive()
    grant = _authenticate(served, received)
    team_id = grant.team.id if grant is not None and grant.team is not None else ""
    wait = here.rate_limits.retry_after(method, team_id, received.params)
    if wait is not None:
        return _ratelimited(wait)
    check_call(method, received.params, received.token)
    call = Call(method, received.params, grant, here.state, request.host_url, received.basic)
    needed = served.needed_scope(call) if grant is not None else None
    if grant is not None and needed is not None and needed not in grant.scopes:
        raise SlackError("missing_scope", needed=needed, provided=",".join(sorted(grant.scopes)))
    answer = jsonify(served.handler(call))
    if grant is not None:
        # Lower case, as Slack sends it; Bolt looks the scopes up by this exact key.
        answer.headers["x-oauth-scopes"] = ",".join(sorted(grant.scopes))
    return answer


def _redacted_query() -> str:
    """The query string without credential values (violations end up in test output)."""
    pairs = parse_qsl(request.query_string.decode(), keep_blank_values=True)
    return urlencode([(k, "(redacted)" if k in SECRET_FIELDS else v) for k, v in pairs])


def _record_violation(reason: str, detail: str) -> None:
    box().state.record_violation(
        {
            "method": request.method,
            "path": request.path,
            "query": _redacted_query(),
            "reason": reason,
            "detail": detail,
        }
    )


def check_answer(response: Response) -> Response:
    """Flask ``after_request``: a 2xx Web API answer must keep to the sample's keys."""
    prefix = f"{API_PREFIX}/"
    if not request.path.startswith(prefix) or not 200 <= response.status_code < 300:
        return response
    if response.direct_passthrough or response.mimetype != "application/json":
        return response
    method = request.path[len(prefix) :]
    problem = shape_problem(json.loads(response.get_data()), f"api/{method}.json")
    if problem is not None:
        _record_violation("sandbox answer", f"{method}: {problem}")
    return response


def answer_error(exc: SlackError) -> Response:
    """Slack's ``{"ok": false, "error"}`` (plain text on response_urls, as Slack does)."""
    if isinstance(exc, SpecViolation):
        _record_violation(exc.reason, exc.detail)
    if request.path.startswith("/response/"):
        return Response(exc.error, status=exc.status, mimetype="text/plain")
    answer = jsonify(exc.body())
    answer.status_code = exc.status
    return answer


def answer_unrouted(exc: HTTPException) -> Response:
    detail = f"{request.method} {request.path}: not a Slack URL the sandbox serves"
    return answer_error(
        SpecViolation("not_found", detail, reason="unknown path", status=exc.code or 404)
    )


def answer_crash(exc: Exception) -> Response | HTTPException:
    """A bug in the sandbox itself: recorded as a violation so the test fails, answered 500."""
    if isinstance(exc, HTTPException):
        return exc
    _record_violation("sandbox crash", f"{type(exc).__name__}: {exc}")
    answer = jsonify(ok=False, error="fatal_error")
    answer.status_code = 500
    return answer
