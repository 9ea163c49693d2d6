"""JQL search: Data Center's ``/rest/api/2/search`` (startAt/maxResults/total) and Cloud's
``/rest/api/{3,2}/search/jql`` (nextPageToken/isLast). Both take GET parameters or a
POST body. Cloud's old ``/search`` is refused in ``spec_check.py``."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from flask import Blueprint, request

from sandbox.jira import jql
from sandbox.jira.context import int_arg, json_object, list_arg, site, state
from sandbox.jira.errors import SpecViolation
from sandbox.jira.jql_clauses import ORDER_KEYS
from sandbox.jira.model import Issue
from sandbox.jira.shapes_issue import FIELD_NAMES, issue_bean

bp = Blueprint("jira_search", __name__)
DC_MAX_RESULTS = 1000
CLOUD_MAX_RESULTS = 100
CLOUD_MAX_ID_ONLY = 5000


def _params() -> dict[str, Any]:
    """The search parameters from the query string (GET) or the JSON body (POST)."""
    if request.method == "POST":
        body = json_object()
        for name in ("fields", "expand", "properties"):
            value = body.get(name)
            if isinstance(value, str):
                body[name] = [p.strip() for p in value.split(",") if p.strip()]
        return body
    params: dict[str, Any] = {
        "jql": request.args.get("jql", ""),
        "nextPageToken": request.args.get("nextPageToken"),
        "validateQuery": request.args.get("validateQuery", "strict"),
    }
    for name in ("fields", "expand", "properties"):
        if name in request.args:
            params[name] = list_arg(name)
    for name, default in (("startAt", 0), ("maxResults", 50)):
        params[name] = int_arg(name, default)
    return params


def _matching(query_text: str) -> tuple[jql.Query, list[Issue]]:
    query = jql.parse(query_text, state())
    found = [i for i in state().live_issues() if query.matches(i)]
    for name, descending in reversed(query.order or [("key", True)]):
        found.sort(key=ORDER_KEYS[name], reverse=descending)
    return query, found


def _beans(issues: list[Issue], params: dict[str, Any], version: int, default: str) -> list[Any]:
    here = site(version)
    fields = params.get("fields") or [default]
    if fields == ["id"]:
        return [{"id": i.id} for i in issues]
    return [
        issue_bean(
            i,
            state(),
            here,
            fields=fields,
            expand=[e for e in params.get("expand") or [] if e != "names"],  # names: top level
            properties=params.get("properties") or [],
        )
        for i in issues
    ]


def _names(params: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {"names": dict(FIELD_NAMES)} if "names" in (params.get("expand") or []) else {}


@bp.route("/rest/api/<int:version>/search", methods=["GET", "POST"])
def search(version: int) -> dict[str, Any]:
    """Data Center search, paged by ``startAt``; sorted ``key DESC`` without ORDER BY."""
    params = _params()
    if str(params.get("validateQuery", "strict")).lower() not in ("strict", "true"):
        raise SpecViolation("validateQuery other than strict is not emulated", reason="sandbox")
    _query, found = _matching(str(params.get("jql") or ""))
    start = int(params.get("startAt") or 0)
    limit = min(int(params.get("maxResults", 50)), DC_MAX_RESULTS)
    page = found[start : start + limit]
    answer: dict[str, Any] = {
        "expand": "schema,names",
        "startAt": start,
        "maxResults": limit,
        "total": len(found),
        "issues": _beans(page, params, version, "*navigable"),
    }
    answer.update(_names(params))
    return answer


def _digest(query_text: str) -> str:
    return hashlib.sha256(query_text.encode()).hexdigest()[:16]


def _token(offset: int, query_text: str) -> str:
    raw = json.dumps({"offset": offset, "jql": _digest(query_text)}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _offset(token: str | None, query_text: str) -> int:
    """Where a ``nextPageToken`` continues; it only fits the query it was made for."""
    if not token:
        return 0
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if raw["jql"] == _digest(query_text):
            return int(raw["offset"])
    except (ValueError, KeyError, TypeError):
        pass
    raise SpecViolation("The provided next page token is invalid or expired.", reason="paging")


@bp.route("/rest/api/<int:version>/search/jql", methods=["GET", "POST"])
def search_jql(version: int) -> dict[str, Any]:
    """Cloud's enhanced search: refuses unbounded JQL, pages by an opaque token."""
    params = _params()
    query_text = str(params.get("jql") or "")
    query, found = _matching(query_text)
    if query.predicate is None:
        raise SpecViolation(
            "Unbounded JQL queries are not allowed here. Please add a search restriction "
            "to your query.",
            reason="jql",
        )
    fields = params.get("fields") or ["id"]
    cap = CLOUD_MAX_ID_ONLY if set(fields) <= {"id", "key"} else CLOUD_MAX_RESULTS
    limit = min(int(params.get("maxResults") or 50), cap)
    start = _offset(params.get("nextPageToken"), query_text)
    page = found[start : start + limit]
    answer: dict[str, Any] = {
        "issues": _beans(page, params, version, "id"),
        "isLast": start + limit >= len(found),
    }
    if not answer["isLast"]:
        answer["nextPageToken"] = _token(start + limit, query_text)
    answer.update(_names(params))
    return answer
