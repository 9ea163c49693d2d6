"""Atlassian Document Format (Jira Cloud, REST v3) for a description ``document``.

ADF is JSON, so text goes into text nodes as it is (on one line, without control
characters): nothing a user wrote can become a node or a mark. What the schema refuses
is avoided here: a text node may not be empty, a list needs at least one item and an
item at least one child, so empty spans, items and lists are left out rather than sent.
"""

from typing import Any

from connectors.jira.document import Block, BulletList, Heading, Item, Paragraph, Span
from connectors.jira.text import printable

AdfNode = dict[str, Any]


def _text(span: Span) -> AdfNode | None:
    shown = printable(span.text)
    if not shown:
        return None
    node: AdfNode = {"type": "text", "text": shown}
    # The order of the ADF schema's mark list (link, em, strong), which Jira also uses.
    marks: list[AdfNode] = []
    if span.href:
        marks.append({"type": "link", "attrs": {"href": span.href}})
    if span.em:
        marks.append({"type": "em"})
    if span.strong:
        marks.append({"type": "strong"})
    if marks:
        node["marks"] = marks
    return node


def _inline(spans: tuple[Span, ...]) -> list[AdfNode]:
    return [node for node in (_text(span) for span in spans) if node is not None]


def _paragraph(spans: tuple[Span, ...]) -> AdfNode | None:
    content = _inline(spans)
    return {"type": "paragraph", "content": content} if content else None


def _item(item: Item) -> AdfNode | None:
    content = [
        node for node in (_paragraph(item.spans), _bullet_list(item.children)) if node is not None
    ]
    return {"type": "listItem", "content": content} if content else None


def _bullet_list(items: tuple[Item, ...]) -> AdfNode | None:
    content = [node for node in (_item(item) for item in items) if node is not None]
    return {"type": "bulletList", "content": content} if content else None


def _block(block: Block) -> AdfNode | None:
    match block:
        case Heading(text=text, level=level):
            content = _inline((Span(text),))
            if not content:
                return None
            return {"type": "heading", "attrs": {"level": level}, "content": content}
        case Paragraph(spans=spans):
            return _paragraph(spans)
        case BulletList(items=items):
            return _bullet_list(items)


def to_adf(blocks: tuple[Block, ...]) -> AdfNode:
    """The ADF ``doc`` (version 1) holding ``blocks``; empty blocks are left out."""
    content = [node for node in (_block(block) for block in blocks) if node is not None]
    return {"type": "doc", "version": 1, "content": content}
