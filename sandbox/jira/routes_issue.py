"""Issues: create, get, edit, delete, and their workflow transitions (REST v2 and v3)."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from sandbox.jira import fields, workflow
from sandbox.jira.context import flag_arg, json_object, list_arg, site, state
from sandbox.jira.errors import JiraError, SpecViolation
from sandbox.jira.shapes_issue import Json, issue_bean
from sandbox.jira.shapes_meta import transition_shape

bp = Blueprint("jira_issues", __name__)
ISSUE = "/rest/api/<int:version>/issue/<key>"


@bp.post("/rest/api/<int:version>/issue")
def create_issue(version: int) -> tuple[Response, int]:
    wanted = fields.new_issue(state(), json_object(), version)
    changes = wanted.changes
    issue = state().create_issue(
        wanted.project,
        wanted.issue_type,
        wanted.summary,
        description=changes.get("description"),
        labels=changes.get("labels", []),
        parent_key=changes.get("parent_key"),
        properties=wanted.properties,
    )
    here = site(version)
    return jsonify({"id": issue.id, "key": issue.key, "self": here.api(f"issue/{issue.id}")}), 201


@bp.get(ISSUE)
def get_issue(version: int, key: str) -> Json:
    issue = state().issue(key)
    return issue_bean(
        issue,
        state(),
        site(version),
        fields=list_arg("fields") or ["*all"],
        expand=list_arg("expand"),
        properties=list_arg("properties"),
    )


@bp.put(ISSUE)
def edit_issue(version: int, key: str) -> Response:
    issue = state().issue(key)
    body = json_object()
    changes = fields.edits(state(), issue, body, version)
    new_properties = fields.properties(body)
    state().change(issue, changes)
    issue.properties.update(new_properties)
    if flag_arg("returnIssue"):
        bean = issue_bean(issue, state(), site(version), expand=list_arg("expand"))
        return jsonify(bean)
    return Response(status=204)


@bp.delete(ISSUE)
def delete_issue(version: int, key: str) -> Response:
    issue = state().issue(key)
    subtasks = [c for c in state().children(issue) if c.issue_type.subtask]
    if subtasks and not flag_arg("deleteSubtasks"):
        raise JiraError(
            400,
            f"The issue '{issue.key}' has subtasks. You must specify the 'deleteSubtasks' "
            "parameter to delete this issue and all its subtasks.",
        )
    state().delete_issue(issue)
    return Response(status=204)


@bp.get(ISSUE + "/transitions")
def list_transitions(version: int, key: str) -> Json:
    issue = state().issue(key)
    here = site(version)
    choices = workflow.available(issue.status)
    wanted = request.args.get("transitionId")
    if wanted is not None:
        choices = [t for t in choices if t.id == wanted]
    return {"expand": "transitions", "transitions": [transition_shape(t, here) for t in choices]}


@bp.post(ISSUE + "/transitions")
def do_transition(version: int, key: str) -> Response:
    issue = state().issue(key)
    body = json_object()
    transition = body.get("transition")
    if not isinstance(transition, dict) or transition.get("id") in (None, ""):
        raise SpecViolation("Missing 'transition' identifier (Jira needs transition.id)")
    # The default workflow has no transition screens: only the editable fields may come
    # along (a ``resolution`` is refused like Jira does; reaching Done sets it).
    changes = fields.edits(state(), issue, body, version)
    state().transition(issue, str(transition["id"]))
    state().change(issue, changes)
    return Response(status=204)
