"""Who am I, projects, the issue types a project can create, and statuses."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify

from sandbox.jira import workflow
from sandbox.jira.context import int_arg, site, state
from sandbox.jira.errors import JiraError
from sandbox.jira.shapes_meta import (
    createmeta_page,
    issue_type_shape,
    myself_shape,
    project_shape,
    status_shape,
)

bp = Blueprint("jira_meta", __name__)
CREATEMETA_MAX = 200


@bp.get("/rest/api/<int:version>/myself")
def myself(version: int) -> dict[str, Any]:
    return myself_shape(state().user, site(version))


@bp.get("/rest/api/<int:version>/project/<key>")
def project(version: int, key: str) -> dict[str, Any]:
    return project_shape(state().project(key), state().user, site(version))


@bp.get("/rest/api/<int:version>/project/<key>/statuses")
def project_statuses(version: int, key: str) -> Response:
    found = state().project(key)
    here = site(version)
    statuses = [status_shape(s, here) for s in workflow.STATUSES]
    kinds = [issue_type_shape(t, here) for t in found.issue_types]
    keep = ("self", "id", "name", "subtask")
    return jsonify([{k: t[k] for k in keep} | {"statuses": statuses} for t in kinds])


@bp.get("/rest/api/<int:version>/issue/createmeta/<key>/issuetypes")
def createmeta_issue_types(version: int, key: str) -> dict[str, Any]:
    limit = int_arg("maxResults", 50)
    if limit > CREATEMETA_MAX:
        raise JiraError(400, f"Parameter 'maxResults' must not exceed the limit '{CREATEMETA_MAX}'")
    return createmeta_page(state().project(key), site(version), int_arg("startAt", 0), limit)
