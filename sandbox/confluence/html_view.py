"""A rough HTML rendering of stored pages, so a newcomer sees what Confluence would show.

``GET /sandbox/pages`` lists the pages; ``GET /sandbox/pages/<id>`` renders one page's
storage body: status macros become coloured lozenges, Jira macros link text, images
``<img>`` tags pointing at the attachment, other macros a titled box.
"""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, abort, redirect, request
from lxml import etree
from werkzeug.wrappers import Response as WerkzeugResponse

from sandbox.confluence.context import state
from sandbox.confluence.errors import ConfluenceError, SpecViolation
from sandbox.confluence.state import Page
from sandbox.confluence.storage_check import AC_NS, RI_NS, parse_storage

bp = Blueprint("confluence_html", __name__, url_prefix="/sandbox")

LOZENGE_COLOURS = {
    "grey": "#dfe1e6",
    "red": "#ffbdad",
    "yellow": "#fff0b3",
    "green": "#abf5d1",
    "blue": "#b3d4ff",
    "purple": "#c0b6f2",
}
_STYLE = """body{font-family:sans-serif;max-width:70em;margin:2em auto;color:#172b4d}
table{border-collapse:collapse}td,th{border:1px solid #c1c7d0;padding:4px 8px;vertical-align:top}
.lozenge{border-radius:3px;padding:0 4px;font-size:11px;font-weight:bold;text-transform:uppercase}
.macro{border:1px solid #c1c7d0;border-radius:3px;padding:8px;margin:8px 0}"""


def _ac(name: str) -> str:
    return f"{{{AC_NS}}}{name}"


def _params(macro: etree._Element) -> dict[str, str]:
    return {str(p.get(_ac("name"))): (p.text or "") for p in macro.findall(_ac("parameter"))}


def _replace(old: etree._Element, new: etree._Element) -> None:
    new.tail = old.tail
    parent = old.getparent()
    if parent is not None:
        parent.replace(old, new)


def _macro(macro: etree._Element, page: Page) -> etree._Element:
    name = macro.get(_ac("name")) or ""
    params = _params(macro)
    if name == "status":
        colour = params.get("colour", "Grey").lower()
        span = etree.Element("span", {"class": f"lozenge status-{colour}"})
        span.set("style", f"background:{LOZENGE_COLOURS.get(colour, '#dfe1e6')}")
        span.text = params.get("title", "")
        return span
    if name == "jira":
        link = etree.Element("a", {"href": "#jira", "class": "jira-issue"})
        link.text = params.get("key") or params.get("jqlQuery") or "Jira issues"
        return link
    box = etree.Element("div", {"class": f"macro macro-{name}"})
    title = etree.SubElement(box, "strong")
    title.text = params.get("title") or name
    for child in macro:
        if child.tag == _ac("rich-text-body"):
            box.extend(list(child))
        elif child.tag == _ac("plain-text-body"):
            etree.SubElement(box, "pre").text = child.text or ""
    return box


def _image(image: etree._Element, page: Page) -> etree._Element:
    attachment = image.find(f"{{{RI_NS}}}attachment")
    url = image.find(f"{{{RI_NS}}}url")
    src = ""
    if attachment is not None:
        src = f"/sandbox/attachments/{page.id}/{attachment.get(f'{{{RI_NS}}}filename')}"
    elif url is not None:
        src = url.get(f"{{{RI_NS}}}value") or ""
    return etree.Element("img", {"src": src, "alt": image.get(_ac("alt")) or ""})


def render_body(page: Page) -> str:
    """The page's storage body as HTML (unknown ac:/ri: elements keep only their text)."""
    root = parse_storage(page.body)
    for macro in list(root.iter(_ac("structured-macro"))):
        _replace(macro, _macro(macro, page))
    for image in list(root.iter(_ac("image"))):
        _replace(image, _image(image, page))
    for element in list(root.iter()):
        if element is not root and isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = "span"
    etree.cleanup_namespaces(root)
    return "".join(etree.tostring(child, method="html", encoding="unicode") for child in root)


def _document(title: str, body: str) -> Response:
    html = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    )
    return Response(html, mimetype="text/html")


@bp.get("/pages")
def list_pages() -> Response:
    items = "".join(
        f"<li><a href='/sandbox/pages/{p.id}'>{escape(p.title)}</a> "
        f"({escape(p.space_key)}, v{p.version.number}, {', '.join(map(escape, p.labels))})</li>"
        for p in sorted(state().pages.values(), key=lambda p: int(p.id))
        if p.status == "current"
    )
    return _document("Sandbox pages", f"<h1>Pages</h1><ul>{items}</ul>")


@bp.get("/pages/<page_id>")
def show_page(page_id: str) -> Response:
    try:
        page = state().page(page_id)
        body = render_body(page)
    except (ConfluenceError, SpecViolation):
        abort(404)
    crumbs = " / ".join(escape(a.title) for a in state().ancestors(page))
    header = f"<p>{crumbs}</p><h1>{escape(page.title)}</h1><p>version {page.version.number}</p>"
    return _document(page.title, header + body)


def view_page() -> WerkzeugResponse:
    """``<site>/pages/viewpage.action?pageId=N``, the page address Confluence gives people
    (and journeyops stores): shows the HTML view."""
    return redirect(f"/sandbox/pages/{request.args.get('pageId', '')}")


@bp.get("/attachments/<page_id>/<path:filename>")
def attachment(page_id: str, filename: str) -> Response:
    att = state().pages[page_id].attachments.get(filename) if page_id in state().pages else None
    if att is None:
        abort(404)
    return Response(att.data, mimetype=att.media_type)
