"""Confluence Cloud REST v2 (``/wiki/api/v2``): pages, properties, labels, attachments, spaces."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request

from sandbox.confluence.bodies import storage_value
from sandbox.confluence.context import (
    decode_cursor,
    encode_cursor,
    int_arg,
    json_object,
    site,
    state,
)
from sandbox.confluence.errors import ConfluenceError
from sandbox.confluence.shapes import (
    Json,
    v2_attachment,
    v2_label,
    v2_page,
    v2_property,
    v2_space,
)

bp = Blueprint("confluence_v2", __name__)


def _paged(items: list[Json], path: str) -> Json:
    """A v2 cursor page of ``items`` with ``_links.next`` when more remain."""
    limit = int_arg("limit", 25, 250)
    offset = decode_cursor(request.args.get("cursor"))
    shape: Json = {"results": items[offset : offset + limit], "_links": {"base": site().base}}
    if offset + limit < len(items):
        query = [f"{k}={v}" for k, v in request.args.items(multi=True) if k != "cursor"]
        query.append(f"cursor={encode_cursor(offset + limit)}")
        shape["_links"]["next"] = f"{site().context}/api/v2{path}?{'&'.join(query)}"
    return shape


def _space_key(space_id: Any) -> str:
    space = state().space_by_id(str(space_id))
    if space is None:
        raise ConfluenceError(400, f"Invalid spaceId: {space_id}")
    return space.key


@bp.post("/pages")
def create_page() -> Json:
    data = json_object()
    page = state().create_page(
        _space_key(data["spaceId"]),
        str(data.get("title") or ""),
        storage_value(data.get("body")) or "",
        str(data["parentId"]) if data.get("parentId") else None,
        status=str(data.get("status") or "current"),
    )
    return v2_page(page, state(), site(), "storage")


@bp.get("/pages")
def list_pages() -> Json:
    ids = set(request.args.getlist("id"))
    space_ids = set(request.args.getlist("space-id"))
    statuses = set(request.args.getlist("status")) or {"current", "archived"}
    title = request.args.get("title")
    pages = [
        p
        for p in sorted(state().pages.values(), key=lambda p: int(p.id))
        if p.status in statuses
        and (not ids or p.id in ids)
        and (not space_ids or state().spaces[p.space_key].id in space_ids)
        and (title is None or p.title == title)
    ]
    body_format = request.args.get("body-format")
    return _paged([v2_page(p, state(), site(), body_format) for p in pages], "/pages")


@bp.get("/pages/<page_id>")
def get_page(page_id: str) -> Json:
    page = state().page(page_id)
    return v2_page(page, state(), site(), request.args.get("body-format"))


@bp.put("/pages/<page_id>")
def update_page(page_id: str) -> Json:
    data = json_object()
    if str(data.get("id")) != page_id:
        raise ConfluenceError(400, "The id in the body does not match the page id in the path")
    version = data.get("version") or {}
    page = state().update_page(
        page_id,
        title=str(data.get("title") or ""),
        body=storage_value(data.get("body")),
        version=int(version.get("number") or 0),
        message=str(version.get("message") or ""),
        status=str(data.get("status") or "current"),
        parent_id=str(data["parentId"]) if data.get("parentId") else None,
    )
    return v2_page(page, state(), site(), "storage")


@bp.delete("/pages/<page_id>")
def delete_page(page_id: str) -> Response:
    state().delete_page(page_id)
    return Response(status=204)


@bp.get("/pages/<page_id>/labels")
def page_labels(page_id: str) -> Json:
    return _paged([v2_label(n) for n in state().page(page_id).labels], f"/pages/{page_id}/labels")


@bp.get("/pages/<page_id>/attachments")
def page_attachments(page_id: str) -> Json:
    filename = request.args.get("filename")
    media_type = request.args.get("mediaType")
    atts = [
        v2_attachment(a)
        for a in state().page(page_id).attachments.values()
        if (filename is None or a.title == filename)
        and (media_type is None or a.media_type == media_type)
    ]
    return _paged(atts, f"/pages/{page_id}/attachments")


@bp.get("/pages/<page_id>/properties")
def list_properties(page_id: str) -> Json:
    key = request.args.get("key")
    props = [
        v2_property(p)
        for p in state().page(page_id).properties.values()
        if key is None or p.key == key
    ]
    return _paged(props, f"/pages/{page_id}/properties")


@bp.post("/pages/<page_id>/properties")
def create_property(page_id: str) -> Json:
    data = json_object()
    return v2_property(
        state().create_property(page_id, str(data.get("key") or ""), data.get("value"))
    )


@bp.get("/pages/<page_id>/properties/<prop_id>")
def get_property(page_id: str, prop_id: str) -> Json:
    return v2_property(state().property_by_id(page_id, prop_id))


@bp.put("/pages/<page_id>/properties/<prop_id>")
def update_property(page_id: str, prop_id: str) -> Json:
    data = json_object()
    prop = state().property_by_id(page_id, prop_id)
    if data.get("key") not in (None, prop.key):
        raise ConfluenceError(400, "The key of a content property cannot be changed")
    version = data.get("version") or {}
    updated = state().update_property(
        prop, data.get("value"), int(version.get("number") or 0), str(version.get("message") or "")
    )
    return v2_property(updated)


@bp.delete("/pages/<page_id>/properties/<prop_id>")
def delete_property(page_id: str, prop_id: str) -> Response:
    state().delete_property(page_id, state().property_by_id(page_id, prop_id))
    return Response(status=204)


@bp.get("/spaces")
def list_spaces() -> Json:
    keys = set(request.args.getlist("keys"))
    ids = set(request.args.getlist("ids"))
    spaces = [
        v2_space(s)
        for s in state().spaces.values()
        if (not keys or s.key in keys) and (not ids or s.id in ids)
    ]
    return _paged(spaces, "/spaces")


@bp.get("/spaces/<space_id>")
def get_space(space_id: str) -> Json:
    space = state().space_by_id(space_id)
    if space is None:
        raise ConfluenceError(404, f"Space {space_id} not found")
    return v2_space(space)
