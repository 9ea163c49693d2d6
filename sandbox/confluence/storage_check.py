"""Check a storage-format body the way Confluence does before storing it.

Confluence answers malformed XHTML with 400 ("Error parsing xhtml"); the ``html`` macro
does not exist on Cloud and is disabled on many DC sites, so the product never uses it.
"""

from __future__ import annotations

import html.entities
import re

from lxml import etree

from sandbox.confluence.errors import SpecViolation

AC_NS = "http://atlassian.com/content"
RI_NS = "http://atlassian.com/resource/identifier"
_WRAP_OPEN = f'<root xmlns:ac="{AC_NS}" xmlns:ri="{RI_NS}">'
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
FORBIDDEN_MACROS = frozenset({"html"})


def _numeric_entities(text: str) -> str:
    """HTML named entities (``&nbsp;``) become numeric ones, as storage-format.md says."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _XML_ENTITIES or name not in html.entities.name2codepoint:
            return match.group(0)
        return f"&#{html.entities.name2codepoint[name]};"

    return _ENTITY.sub(replace, text)


def parse_storage(body: str) -> etree._Element:
    """The body wrapped in a ``<root>`` with the ac/ri namespaces; SpecViolation if malformed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(f"{_WRAP_OPEN}{_numeric_entities(body)}</root>", parser)
    except etree.XMLSyntaxError as exc:
        raise SpecViolation(f"Error parsing xhtml: {exc}", reason="storage format") from exc


def check_storage(body: str) -> None:
    """Raise SpecViolation for malformed storage XML or a forbidden macro."""
    root = parse_storage(body)
    for macro in root.iter(f"{{{AC_NS}}}structured-macro", f"{{{AC_NS}}}macro"):
        name = macro.get(f"{{{AC_NS}}}name")
        if name in FORBIDDEN_MACROS:
            raise SpecViolation(
                f"the '{name}' macro does not exist on Confluence Cloud", reason="storage format"
            )
