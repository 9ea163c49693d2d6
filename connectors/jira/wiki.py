"""Jira wiki markup (Data Center, REST v2) for a description ``document``, with escaping.

User text never becomes markup. Jira's renderer treats a backslash before any of
``- # * _ + ? ^ ~ | % { } [ ] ( ) ! @`` as "this character, literally" (its
BackslashEscapeRendererComponent, as ported by Atlassian's wiki-markup transformer), so
those get a backslash. What a backslash cannot protect is written as an HTML character
reference, which the renderer passes through to the page:

* ``\\`` itself (``\\\\`` is Jira's forced line break) becomes ``&#92;``;
* ``&`` that would start a character reference (``&lt;``) becomes ``&amp;``;
* ``:`` before ``D``, ``P`` or ``p`` (the emoticons ``:D``, ``:P``) becomes ``&#58;``;
  the other emoticons all contain an escaped character already;
* ``:`` before ``//`` and after ``mailto`` becomes ``&#58;`` too, so an address in a
  quote stays text as it does in ADF, instead of Jira turning it into a link;
* inside a link's text ``[``, ``]`` and ``|`` become references too, since they end the
  link whatever precedes them;
* ``h1.`` ... ``h6.`` and ``bq.`` opening a paragraph would make it a heading or a quote:
  their dot becomes ``&#46;``.

Line breaks in user text become spaces (a new line is where list and heading markup
start), and control characters are dropped.
"""

import re

from connectors.jira.document import Block, BulletList, Heading, Item, Paragraph, Span
from connectors.jira.text import printable

ESCAPED = frozenset("-#*_+?^~|%{}[]()!@")
LINK_TEXT_REFERENCES = {"[": "&#91;", "]": "&#93;", "|": "&#124;"}

# One pass over the text, so the references written here are not escaped again.
_SPECIAL = re.compile(
    r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)"  # a reference's start
    r"|:(?=[DPp]|//)|(?<=[Mm][Aa][Ii][Ll][Tt][Oo]):"  # emoticons, web and mail links
    + "|["
    + "".join(re.escape(c) for c in sorted(ESCAPED | {"\\"}))
    + "]"
)
_BLOCK_PREFIX = re.compile(r"^(h[1-6]|bq)\.")


def _escaped(char: str, in_link: bool) -> str:
    if char == "&":
        return "&amp;"
    if char == ":":
        return "&#58;"
    if char == "\\":
        return "&#92;"
    if in_link and char in LINK_TEXT_REFERENCES:
        return LINK_TEXT_REFERENCES[char]
    return "\\" + char


def escape(text: str, *, in_link: bool = False) -> str:
    """``text`` as wiki markup that Jira shows exactly as written (on one line)."""
    flat = printable(text)
    return _SPECIAL.sub(lambda match: _escaped(match.group(), in_link), flat)


def _wrapped(marker: str, text: str) -> str:
    # Jira only reads *bold* when the markers touch the words, so spaces stay outside.
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def _span(span: Span) -> str:
    if span.href:
        label = escape(span.text, in_link=True)
        return f"[{label}|{span.href}]" if label else f"[{span.href}]"
    written = escape(span.text)
    if span.em:
        written = _wrapped("_", written)
    if span.strong:
        written = _wrapped("*", written)
    return written


def _line(spans: tuple[Span, ...]) -> str:
    written = "".join(_span(span) for span in spans if span.text or span.href).strip()
    return _BLOCK_PREFIX.sub(lambda m: m.group(1) + "&#46;", written)


def _items(items: tuple[Item, ...], depth: int) -> list[str]:
    lines = []
    for item in items:
        line = _line(item.spans)
        if line:
            lines.append(f"{'*' * depth} {line}")
        lines += _items(item.children, depth + 1)
    return lines


def _block(block: Block) -> str:
    match block:
        case Heading(text=text, level=level):
            written = escape(text).strip()
            return f"h{level}. {written}" if written else ""
        case Paragraph(spans=spans):
            return _line(spans)
        case BulletList(items=items):
            return "\n".join(_items(items, 1))


def to_wiki(blocks: tuple[Block, ...]) -> str:
    """``blocks`` as one wiki-markup string; blocks are separated by a blank line."""
    return "\n\n".join(written for written in (_block(block) for block in blocks) if written)
