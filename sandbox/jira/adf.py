"""Atlassian Document Format: validation, and the rough conversions Jira makes between
ADF (REST v3) and wiki markup (REST v2, webhooks).

The conversions cover what journeyops writes (paragraphs, headings, lists, links, code,
emphasis); anything else is reduced to its text. They are approximations of Jira's own.
"""

from __future__ import annotations

from typing import Any

from sandbox.jira.specs import adf_validator

_MARKS = {"strong": "*{}*", "em": "_{}_", "code": "{{{{{}}}}}", "strike": "-{}-"}


def adf_problems(doc: Any) -> list[str]:
    """Why ``doc`` is not a valid ADF document (empty when it is)."""
    return [error.message for error in adf_validator().iter_errors(doc)][:5]


def _text(node: dict[str, Any]) -> str:
    text = str(node.get("text", ""))
    for mark in node.get("marks", []):
        kind = mark.get("type")
        if kind == "link":
            text = f"[{text}|{mark.get('attrs', {}).get('href', '')}]"
        elif kind in _MARKS:
            text = _MARKS[kind].format(text)
    return text


def _inline(nodes: list[dict[str, Any]]) -> str:
    parts = []
    for node in nodes:
        kind = node.get("type")
        attrs = node.get("attrs", {})
        if kind == "text":
            parts.append(_text(node))
        elif kind == "hardBreak":
            parts.append("\n")
        elif kind == "inlineCard":
            parts.append(f"[{attrs.get('url', '')}]")
        elif kind in ("mention", "emoji", "status"):
            parts.append(str(attrs.get("text") or attrs.get("shortName") or ""))
        else:
            parts.append(_inline(node.get("content", [])))
    return "".join(parts)


def _block(node: dict[str, Any], bullet: str = "") -> list[str]:
    kind = node.get("type")
    content = node.get("content", [])
    if kind == "heading":
        return [f"h{node.get('attrs', {}).get('level', 1)}. {_inline(content)}"]
    if kind in ("bulletList", "orderedList"):
        mark = bullet + ("*" if kind == "bulletList" else "#")
        return [line for item in content for line in _list_item(item, mark)]
    if kind == "codeBlock":
        return ["{code}\n" + _inline(content) + "\n{code}"]
    if kind == "rule":
        return ["----"]
    if kind == "blockquote":
        return ["bq. " + " ".join(_blocks(content))]
    if kind == "paragraph":
        return [_inline(content)]
    if any(child.get("type") == "text" for child in content):
        return [_inline(content)]
    return _blocks(content)


def _list_item(item: dict[str, Any], mark: str) -> list[str]:
    lines: list[str] = []
    for child in item.get("content", []):
        if child.get("type") in ("bulletList", "orderedList"):
            lines.extend(_block(child, mark))
        else:
            lines.extend(f"{mark} {text}" for text in _block(child))
    return lines


def _blocks(nodes: list[dict[str, Any]]) -> list[str]:
    return [line for node in nodes for line in _block(node)]


def adf_to_wiki(doc: dict[str, Any]) -> str:
    """Wiki markup for an ADF document (blocks separated by blank lines, lists by lines)."""
    out: list[str] = []
    for node in doc.get("content", []):
        lines = _block(node)
        out.append("\n".join(lines))
    return "\n\n".join(out)


def wiki_to_adf(text: str) -> dict[str, Any]:
    """An ADF document for wiki markup: one paragraph per blank-line-separated block."""
    content: list[dict[str, Any]] = []
    for block in (b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()):
        inline: list[dict[str, Any]] = []
        for number, line in enumerate(block.split("\n")):
            if number:
                inline.append({"type": "hardBreak"})
            if line:
                inline.append({"type": "text", "text": line})
        content.append({"type": "paragraph", "content": inline})
    return {"type": "doc", "version": 1, "content": content}
