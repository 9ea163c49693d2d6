"""REST v1 that only Data Center / Server still serves: page CRUD, properties, spaces.

Confluence Cloud has removed these from its current description; the Cloud sandbox does
not register them (and its spec check refuses them first).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from sandbox.confluence.bodies import storage_value
from sandbox.confluence.context import expand_arg, int_arg, json_object, site, state
from sandbox.confluence.errors import ConfluenceError
from sandbox.confluence.shapes import Json, v1_content, v1_list, v1_property, v1_space, v1_version

bp = Blueprint("confluence_v1_content", __name__)


def _parent(data: dict[str, Any]) -> str | None:
    ancestors = data.get("ancestors") or []
    return str(ancestors[-1]["id"]) if ancestors else None


@bp.post("/rest/api/content")
@bp.post("/rest/api/content/")
def create_content() -> Json:
    data = json_object()
    if data.get("type", "page") != "page":
        raise ConfluenceError(400, f"sandbox creates pages only, not {data.get('type')}")
    page = state().create_page(
        str((data.get("space") or {}).get("key") or ""),
        str(data.get("title") or ""),
        storage_value(data.get("body")) or "",
        _parent(data),
        message=str((data.get("version") or {}).get("message") or ""),
        status=str(data.get("status") or "current"),
    )
    for key, prop in ((data.get("metadata") or {}).get("properties") or {}).items():
        state().create_property(page.id, key, (prop or {}).get("value"))
    return v1_content(page, state(), site(), {"body.storage", "ancestors"})


@bp.get("/rest/api/content")
def find_content() -> Json:
    start, limit = int_arg("start", 0), int_arg("limit", 25, 200)
    pages = state().find_pages(request.args.get("spaceKey"), request.args.get("title"))
    pages.sort(key=lambda p: int(p.id))
    expand = expand_arg()
    results = [v1_content(p, state(), site(), expand) for p in pages[start : start + limit]]
    return v1_list(results, site(), "/rest/api/content", start, limit)


@bp.get("/rest/api/content/<page_id>")
def get_content(page_id: str) -> Json:
    return v1_content(state().page(page_id), state(), site(), expand_arg())


@bp.put("/rest/api/content/<page_id>")
def update_content(page_id: str) -> Json:
    data = json_object()
    version = data.get("version") or {}
    page = state().update_page(
        page_id,
        title=str(data.get("title") or ""),
        body=storage_value(data.get("body")),
        version=int(version.get("number") or 0),
        message=str(version.get("message") or ""),
        status=str(data.get("status") or "current"),
        parent_id=_parent(data),
        minor_edit=bool(version.get("minorEdit")),
    )
    return v1_content(page, state(), site(), {"body.storage", "ancestors"})


@bp.delete("/rest/api/content/<page_id>")
def delete_content(page_id: str) -> Response:
    state().delete_page(page_id)
    return Response(status=204)


@bp.get("/rest/api/content/<page_id>/history")
def content_history(page_id: str) -> Json:
    page = state().page(page_id)
    here = site()
    return {
        "latest": True,
        "createdBy": v1_version(page.version, here, page.id)["by"],
        "createdDate": page.created_at,
        "lastUpdated": v1_version(page.version, here, page.id),
        "_links": {"self": f"{here.base}/rest/api/content/{page.id}/history"},
    }


@bp.get("/rest/api/content/<page_id>/property")
def list_properties(page_id: str) -> Json:
    keys = set(request.args.getlist("key"))
    props = [
        v1_property(p, site(), page_id)
        for p in state().page(page_id).properties.values()
        if not keys or p.key in keys
    ]
    return v1_list(props, site(), f"/rest/api/content/{page_id}/property", 0, len(props))


@bp.post("/rest/api/content/<page_id>/property")
def create_property(page_id: str) -> Json:
    data = json_object()
    prop = state().create_property(page_id, str(data.get("key") or ""), data.get("value"))
    return v1_property(prop, site(), page_id)


@bp.get("/rest/api/content/<page_id>/property/<key>")
def get_property(page_id: str, key: str) -> Json:
    return v1_property(state().property_by_key(page_id, key), site(), page_id)


@bp.put("/rest/api/content/<page_id>/property/<key>")
def update_property(page_id: str, key: str) -> Json:
    data = json_object()
    number = int((data.get("version") or {}).get("number") or 0)
    page = state().page(page_id)
    if key not in page.properties and number == 1:
        # Confluence creates the property when it is missing and the version is 1.
        return v1_property(
            state().create_property(page_id, key, data.get("value")), site(), page_id
        )
    prop = state().property_by_key(page_id, key)
    return v1_property(state().update_property(prop, data.get("value"), number), site(), page_id)


@bp.delete("/rest/api/content/<page_id>/property/<key>")
def delete_property(page_id: str, key: str) -> Response:
    state().delete_property(page_id, state().property_by_key(page_id, key))
    return Response(status=204)


@bp.get("/rest/api/space")
def list_spaces() -> Json:
    keys = set(request.args.getlist("spaceKey"))
    spaces = [v1_space(s, site()) for s in state().spaces.values() if not keys or s.key in keys]
    return v1_list(spaces, site(), "/rest/api/space", 0, len(spaces))


@bp.get("/rest/api/space/<key>")
def get_space(key: str) -> Json:
    space = state().spaces.get(key)
    if space is None:
        raise ConfluenceError(404, f"No space with key : {key}")
    return v1_space(space, site())
