"""What an issue description says, before it is written as ADF (Cloud) or wiki markup (DC).

The description is decided once, as this small tree; ``connectors.jira.adf`` and
``connectors.jira.wiki`` only write it down, so both flavours always say the same thing.
Span text is plain text: each writer makes it safe for its format.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A run of text; ``href`` (an http(s) URL, already checked) makes it a link."""

    text: str
    strong: bool = False
    em: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Item:
    """A list item: one line of spans and, optionally, a nested list under it."""

    spans: tuple[Span, ...]
    children: tuple["Item", ...] = ()


@dataclass(frozen=True)
class BulletList:
    items: tuple[Item, ...]


Block = Heading | Paragraph | BulletList


def text(value: str) -> Span:
    return Span(value)


def strong(value: str) -> Span:
    return Span(value, strong=True)


def link(value: str, href: str) -> Span:
    return Span(value, href=href)


def paragraph(*spans: Span) -> Paragraph:
    return Paragraph(tuple(spans))
