"""REST v1 served on both flavours: labels, attachments, CQL search, attachment downloads.

On Cloud these live under ``/wiki/rest/api``; on Data Center under ``<context>/rest/api``.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import urlencode

from flask import Blueprint, Response, request

from sandbox.confluence import cql
from sandbox.confluence.context import (
    decode_cursor,
    encode_cursor,
    expand_arg,
    int_arg,
    json_body,
    site,
    state,
)
from sandbox.confluence.errors import ConfluenceError
from sandbox.confluence.shapes import (
    Json,
    v1_attachment,
    v1_content,
    v1_labels,
    v1_list,
    v1_search_item,
)
from sandbox.confluence.state import Attachment

bp = Blueprint("confluence_v1", __name__)
SEARCH_LIMIT_MAX = 200


# -- labels ------------------------------------------------------------------------------
@bp.post("/rest/api/content/<page_id>/label")
def add_labels(page_id: str) -> Json:
    data = json_body()
    entries = data if isinstance(data, list) else [data]
    names = [str(e.get("name") or "") for e in entries if isinstance(e, dict)]
    page = state().add_labels(page_id, names)
    return v1_labels(page.labels, site(), page.id)


@bp.get("/rest/api/content/<page_id>/label")
def list_labels(page_id: str) -> Json:
    page = state().page(page_id)
    return v1_labels(page.labels, site(), page.id)


@bp.delete("/rest/api/content/<page_id>/label")
def remove_label(page_id: str) -> Response:
    state().remove_label(page_id, request.args.get("name", ""))
    return Response(status=204)


# -- attachments -------------------------------------------------------------------------
def _uploads() -> list[tuple[str, str, bytes]]:
    """(file name, media type, bytes) of each ``file`` part of a multipart upload."""
    files = request.files.getlist("file")
    if not files:
        raise ConfluenceError(400, "No file part named 'file' in the multipart request")
    uploads = []
    for part in files:
        name = (part.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
        if not name:
            raise ConfluenceError(400, "An uploaded file has no file name")
        guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
        media_type = part.mimetype if part.mimetype not in ("", "application/binary") else guessed
        uploads.append((name, media_type, part.read()))
    return uploads


def _attachments_answer(page_id: str, atts: list[Attachment]) -> Json:
    page = state().page(page_id)
    results = [v1_attachment(a, site(), page) for a in atts]
    return v1_list(results, site(), f"/rest/api/content/{page_id}/child/attachment", 0, 50)


@bp.get("/rest/api/content/<page_id>/child/attachment")
def list_attachments(page_id: str) -> Json:
    filename = request.args.get("filename")
    media_type = request.args.get("mediaType")
    atts = [
        a
        for a in state().page(page_id).attachments.values()
        if (filename is None or a.title == filename)
        and (media_type is None or a.media_type == media_type)
    ]
    return _attachments_answer(page_id, atts)


@bp.post("/rest/api/content/<page_id>/child/attachment")
def add_attachments(page_id: str) -> Json:
    comment = request.form.get("comment", "")
    atts = [
        state().add_attachment(page_id, name, media, data, comment)
        for name, media, data in _uploads()
    ]
    return _attachments_answer(page_id, atts)


@bp.put("/rest/api/content/<page_id>/child/attachment")
def put_attachments(page_id: str) -> Json:
    comment = request.form.get("comment", "")
    atts = []
    for name, media, data in _uploads():
        existing = state().page(page_id).attachments.get(name)
        if existing is None:
            atts.append(state().add_attachment(page_id, name, media, data, comment))
        else:
            atts.append(state().update_attachment_data(existing, media, data, comment))
    return _attachments_answer(page_id, atts)


@bp.post("/rest/api/content/<page_id>/child/attachment/<att_id>/data")
def update_attachment_data(page_id: str, att_id: str) -> Json:
    att = state().attachment(page_id, att_id)
    (_name, media, data), *_rest = _uploads()
    updated = state().update_attachment_data(att, media, data, request.form.get("comment", ""))
    return v1_attachment(updated, site(), state().page(page_id))


def _file(att: Attachment) -> Response:
    return Response(
        att.data, mimetype=att.media_type, headers={"Content-Length": str(len(att.data))}
    )


@bp.get("/rest/api/content/<page_id>/child/attachment/<att_id>/download")
def download_attachment(page_id: str, att_id: str) -> Response:
    return _file(state().attachment(page_id, att_id))


@bp.get("/download/attachments/<page_id>/<path:filename>")
def download_by_name(page_id: str, filename: str) -> Response:
    att = state().page(page_id).attachments.get(filename)
    if att is None:
        raise ConfluenceError(404, f"No attachment {filename} on page {page_id}")
    return _file(att)


# -- CQL search --------------------------------------------------------------------------
def _next_link(path: str, start: int, limit: int, total: int, by_cursor: bool) -> str | None:
    if start + limit >= total:
        return None
    query = [(k, v) for k, v in request.args.items(multi=True) if k not in ("start", "cursor")]
    query = [(k, v) for k, v in query if k not in ("limit", "next")] + [("limit", str(limit))]
    if by_cursor:
        query += [("next", "true"), ("cursor", encode_cursor(start + limit))]
    else:
        query.append(("start", str(start + limit)))
    return f"{path}?{urlencode(query)}"


def _window() -> tuple[int, int]:
    limit = int_arg("limit", 25, SEARCH_LIMIT_MAX)
    start = decode_cursor(request.args.get("cursor")) or int_arg("start", 0)
    return start, limit


@bp.get("/rest/api/content/search")
def content_search() -> Json:
    pages = cql.search(state(), request.args.get("cql", ""))
    start, limit = _window()
    expand = expand_arg()
    here = site()
    results = [v1_content(p, state(), here, expand) for p in pages[start : start + limit]]
    if "version" not in expand:
        # Search results carry the version only when asked for (`expand=version`).
        for result in results:
            del result["version"]
            result["_expandable"]["version"] = ""
    shape = v1_list(results, here, "/rest/api/content/search", start, limit)
    next_link = _next_link("/rest/api/content/search", start, limit, len(pages), here.cloud)
    if next_link:
        shape["_links"]["next"] = next_link
    return shape


@bp.get("/rest/api/search")
def search() -> Json:
    query = request.args.get("cql", "")
    pages = cql.search(state(), query)
    start, limit = _window()
    expand = expand_arg()
    here = site()
    results = [v1_search_item(p, state(), here, expand) for p in pages[start : start + limit]]
    shape = v1_list(results, here, "/rest/api/search", start, limit)
    shape.update(totalSize=len(pages), cqlQuery=query, searchDuration=1)
    next_link = _next_link("/rest/api/search", start, limit, len(pages), False)
    if next_link:
        shape["_links"]["next"] = next_link
    return shape
