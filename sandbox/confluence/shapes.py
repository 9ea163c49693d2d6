"""JSON shapes of Confluence's answers (v1 content, v2 pages, labels, properties, attachments).

Modelled on the response schemas in the specs (``Content``, ``PageSingle``, ``Label``,
``ContentProperty``, ``SearchResult`` ...). ``base`` is the site URL including the context
path (``http://host/wiki`` on Cloud) and ``context`` that path alone.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sandbox.confluence.state import (
    SANDBOX_USER,
    Attachment,
    ContentProperty,
    Page,
    SandboxState,
    Space,
    Version,
)

Json = dict[str, Any]


@dataclass(frozen=True)
class Site:
    """Where the sandbox is, for ``_links``."""

    base: str
    context: str
    cloud: bool


def _user() -> Json:
    return {
        "type": "known",
        "accountId": SANDBOX_USER,
        "accountType": "atlassian",
        "publicName": "Sandbox User",
        "displayName": "Sandbox User",
    }


def webui(page: Page) -> str:
    return f"/spaces/{page.space_key}/pages/{page.id}/{quote(page.title.replace(' ', '+'))}"


def download_link(att: Attachment) -> str:
    return (
        f"/download/attachments/{att.page_id}/{quote(att.title)}"
        f"?version={att.version.number}&api=v2"
    )


# -- v1 ----------------------------------------------------------------------------------
def v1_version(version: Version, site: Site, content_id: str) -> Json:
    return {
        "by": _user(),
        "when": version.when,
        "friendlyWhen": "just a moment ago",
        "message": version.message,
        "number": version.number,
        "minorEdit": version.minor_edit,
        "_links": {"self": f"{site.base}/rest/api/content/{content_id}/version/{version.number}"},
    }


def v1_space(space: Space, site: Site) -> Json:
    return {
        "id": int(space.id),
        "key": space.key,
        "name": space.name,
        "type": "global",
        "status": "current",
        "_links": {
            "webui": f"/spaces/{space.key}",
            "self": f"{site.base}/rest/api/space/{space.key}",
        },
        "_expandable": {"homepage": f"/rest/api/content/{space.homepage_id}"},
    }


def v1_label(name: str) -> Json:
    return {"prefix": "global", "name": name, "id": str(zlib.crc32(name.encode())), "label": name}


def v1_labels(names: list[str], site: Site, page_id: str) -> Json:
    return {
        "results": [v1_label(n) for n in names],
        "start": 0,
        "limit": 200,
        "size": len(names),
        "_links": {"self": f"{site.base}/rest/api/content/{page_id}/label"},
    }


def v1_property(prop: ContentProperty, site: Site, page_id: str) -> Json:
    return {
        "id": prop.id,
        "key": prop.key,
        "value": prop.value,
        "version": {
            "when": prop.version.when,
            "message": prop.version.message,
            "number": prop.version.number,
            "minorEdit": False,
        },
        "_links": {"self": f"{site.base}/rest/api/content/{page_id}/property/{quote(prop.key)}"},
        "_expandable": {"content": f"/rest/api/content/{page_id}"},
    }


def v1_attachment(att: Attachment, site: Site, page: Page) -> Json:
    return {
        "id": att.id,
        "type": "attachment",
        "status": "current",
        "title": att.title,
        "version": v1_version(att.version, site, att.id),
        "container": {"id": page.id, "type": "page", "status": page.status, "title": page.title},
        "metadata": {"mediaType": att.media_type, "comment": att.comment},
        "extensions": {
            "mediaType": att.media_type,
            "fileSize": len(att.data),
            "comment": att.comment,
        },
        "_links": {
            "webui": f"/pages/viewpageattachments.action?pageId={page.id}",
            "download": download_link(att),
            "self": f"{site.base}/rest/api/content/{att.id}",
        },
    }


def v1_list(results: list[Json], site: Site, self_path: str, start: int, limit: int) -> Json:
    return {
        "results": results,
        "start": start,
        "limit": limit,
        "size": len(results),
        "_links": {"base": site.base, "context": site.context, "self": site.base + self_path},
    }


def _wanted_properties(page: Page, expand: set[str]) -> dict[str, ContentProperty]:
    if "metadata.properties" in expand:
        return dict(page.properties)
    keys = {e.split(".", 2)[2] for e in expand if e.startswith("metadata.properties.")}
    return {k: p for k, p in page.properties.items() if k in keys}


def v1_content(page: Page, state: SandboxState, site: Site, expand: set[str]) -> Json:
    """A page as v1 ``Content``; ``expand`` names the parts to include in full."""
    shape: Json = {
        "id": page.id,
        "type": "page",
        "status": page.status,
        "title": page.title,
        "space": v1_space(state.spaces[page.space_key], site),
        "history": {"latest": True, "createdBy": _user(), "createdDate": page.created_at},
        "version": v1_version(page.version, site, page.id),
        "extensions": {"position": "none"},
        "_links": {
            "webui": webui(page),
            "edit": f"/pages/resumedraft.action?draftId={page.id}",
            "tinyui": f"/x/{page.id}",
            "collection": "/rest/api/content",
            "base": site.base,
            "context": site.context,
            "self": f"{site.base}/rest/api/content/{page.id}",
        },
        "_expandable": {
            "children": f"/rest/api/content/{page.id}/child",
            "descendants": f"/rest/api/content/{page.id}/descendant",
            "container": f"/rest/api/space/{page.space_key}",
            "body": "",
            "ancestors": "",
            "metadata": "",
        },
    }
    if "ancestors" in expand:
        shape["ancestors"] = [
            {"id": a.id, "type": "page", "status": a.status, "title": a.title}
            for a in state.ancestors(page)
        ]
    if "body.storage" in expand or "body" in expand:
        shape["body"] = {
            "storage": {
                "value": page.body,
                "representation": "storage",
                "embeddedContent": [],
                "_expandable": {"content": f"/rest/api/content/{page.id}"},
            }
        }
    metadata: Json = {}
    if "metadata.labels" in expand or "metadata" in expand:
        metadata["labels"] = v1_labels(page.labels, site, page.id)
    props = _wanted_properties(page, expand)
    if props:
        metadata["properties"] = {k: v1_property(p, site, page.id) for k, p in props.items()}
    if metadata:
        shape["metadata"] = metadata
    if "children.attachment" in expand:
        atts = [v1_attachment(a, site, page) for a in page.attachments.values()]
        shape["children"] = {
            "attachment": v1_list(atts, site, f"/rest/api/content/{page.id}", 0, 25)
        }
    return shape


def v1_search_item(page: Page, state: SandboxState, site: Site, expand: set[str]) -> Json:
    """One ``SearchResult`` of ``/rest/api/search`` (content expands are ``content.*``)."""
    inner = {e.removeprefix("content.") for e in expand if e.startswith("content.")}
    content = v1_content(page, state, site, inner)
    if "version" not in inner:
        del content["version"]
        content["_expandable"]["version"] = ""
    return {
        "content": content,
        "title": page.title,
        "excerpt": "",
        "url": webui(page),
        "resultGlobalContainer": {
            "title": state.spaces[page.space_key].name,
            "displayUrl": f"/spaces/{page.space_key}",
        },
        "breadcrumbs": [],
        "entityType": "content",
        "iconCssClass": "aui-icon content-type-page",
        "lastModified": page.version.when,
        "friendlyLastModified": "just a moment ago",
        "score": 0.0,
    }


# -- v2 ----------------------------------------------------------------------------------
def v2_version(version: Version) -> Json:
    return {
        "createdAt": version.when,
        "message": version.message,
        "number": version.number,
        "minorEdit": version.minor_edit,
        "authorId": version.author,
    }


def v2_page(page: Page, state: SandboxState, site: Site, body_format: str | None) -> Json:
    shape: Json = {
        "id": page.id,
        "status": page.status,
        "title": page.title,
        "spaceId": state.spaces[page.space_key].id,
        "parentId": page.parent_id,
        "parentType": "page" if page.parent_id else None,
        "position": int(page.id) % 1000,
        "authorId": SANDBOX_USER,
        "ownerId": SANDBOX_USER,
        "lastOwnerId": None,
        "createdAt": page.created_at,
        "version": v2_version(page.version),
        "body": {},
        "_links": {
            "webui": webui(page),
            "editui": f"/pages/resumedraft.action?draftId={page.id}",
            "tinyui": f"/x/{page.id}",
            "base": site.base,
        },
    }
    if body_format == "storage":
        shape["body"] = {"storage": {"representation": "storage", "value": page.body}}
    return shape


def v2_property(prop: ContentProperty) -> Json:
    return {
        "id": prop.id,
        "key": prop.key,
        "value": prop.value,
        "version": v2_version(prop.version),
    }


def v2_label(name: str) -> Json:
    return {"id": v1_label(name)["id"], "name": name, "prefix": "global"}


def v2_attachment(att: Attachment) -> Json:
    return {
        "id": att.id,
        "status": "current",
        "title": att.title,
        "createdAt": att.version.when,
        "pageId": att.page_id,
        "mediaType": att.media_type,
        "mediaTypeDescription": att.media_type,
        "comment": att.comment,
        "fileId": att.id.removeprefix("att"),
        "fileSize": len(att.data),
        "webuiLink": f"/pages/viewpageattachments.action?pageId={att.page_id}",
        "downloadLink": download_link(att),
        "version": v2_version(att.version),
        "_links": {"download": download_link(att)},
    }


def v2_space(space: Space) -> Json:
    return {
        "id": space.id,
        "key": space.key,
        "name": space.name,
        "type": "global",
        "status": "current",
        "authorId": SANDBOX_USER,
        "createdAt": "2024-01-01T00:00:00.000Z",
        "homepageId": space.homepage_id,
        "description": None,
        "icon": None,
        "_links": {"webui": f"/spaces/{space.key}"},
    }
