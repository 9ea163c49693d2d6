"""Issue entity properties and remote links (REST v2 and v3 alike)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from sandbox.jira import entities
from sandbox.jira.context import json_object, site, state
from sandbox.jira.model import Issue, RemoteLink
from sandbox.jira.sites import Site

bp = Blueprint("jira_entities", __name__)
ISSUE = "/rest/api/<int:version>/issue/<key>"


# -- properties --------------------------------------------------------------------------
@bp.get(ISSUE + "/properties")
def property_keys(version: int, key: str) -> dict[str, Any]:
    issue = state().issue(key)
    here = site(version)
    return {
        "keys": [
            {"key": k, "self": here.api(f"issue/{issue.id}/properties/{k}")}
            for k in issue.properties
        ]
    }


@bp.get(ISSUE + "/properties/<prop>")
def get_property(version: int, key: str, prop: str) -> dict[str, Any]:
    return {"key": prop, "value": entities.get_property(state().issue(key), prop)}


@bp.put(ISSUE + "/properties/<prop>")
def set_property(version: int, key: str, prop: str) -> Response:
    created = entities.set_property(state().issue(key), prop, request.get_data())
    return Response(status=201 if created else 200)


@bp.delete(ISSUE + "/properties/<prop>")
def delete_property(version: int, key: str, prop: str) -> Response:
    entities.delete_property(state().issue(key), prop)
    return Response(status=204)


# -- remote links ------------------------------------------------------------------------
def link_shape(link: RemoteLink, issue: Issue, here: Site) -> dict[str, Any]:
    shape: dict[str, Any] = {
        "id": link.id,
        "self": here.api(f"issue/{issue.key}/remotelink/{link.id}"),
        "object": link.object,
    }
    if link.global_id is not None:
        shape["globalId"] = link.global_id
    if link.relationship is not None:
        shape["relationship"] = link.relationship
    if link.application is not None:
        shape["application"] = link.application
    return shape


@bp.get(ISSUE + "/remotelink")
def list_links(version: int, key: str) -> Any:
    issue = state().issue(key)
    global_id = request.args.get("globalId")
    if global_id is not None:
        # With globalId Jira answers the one link, not a list.
        return link_shape(entities.link_by_global_id(issue, global_id), issue, site(version))
    return jsonify([link_shape(link, issue, site(version)) for link in issue.remote_links])


@bp.post(ISSUE + "/remotelink")
def upsert_link(version: int, key: str) -> tuple[Response, int]:
    issue = state().issue(key)
    link, created = entities.upsert_remote_link(state(), issue, json_object())
    answer = {"id": link.id, "self": site(version).api(f"issue/{issue.key}/remotelink/{link.id}")}
    return jsonify(answer), 201 if created else 200


@bp.delete(ISSUE + "/remotelink")
def delete_link_by_global_id(version: int, key: str) -> Response:
    issue = state().issue(key)
    link = entities.link_by_global_id(issue, request.args.get("globalId", ""))
    entities.delete_remote_link(issue, link)
    return Response(status=204)


@bp.get(ISSUE + "/remotelink/<link_id>")
def get_link(version: int, key: str, link_id: str) -> dict[str, Any]:
    issue = state().issue(key)
    return link_shape(entities.link_by_id(issue, link_id), issue, site(version))


@bp.put(ISSUE + "/remotelink/<link_id>")
def replace_link(version: int, key: str, link_id: str) -> Response:
    issue = state().issue(key)
    entities.replace_remote_link(entities.link_by_id(issue, link_id), json_object())
    return Response(status=204)


@bp.delete(ISSUE + "/remotelink/<link_id>")
def delete_link(version: int, key: str, link_id: str) -> Response:
    issue = state().issue(key)
    entities.delete_remote_link(issue, entities.link_by_id(issue, link_id))
    return Response(status=204)
