"""An Intercom conversation (as the Search API or a webhook reports it) as our ``Ticket``."""

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import lxml.html
from lxml.etree import ParserError

from connectors.tickets.source import Ticket
from core.enums import EvidenceKind

APP_URL = "https://app.intercom.com/a/apps"
_BLOCK_END = re.compile(r"(?i)</(p|div|li|h[1-6])>|<br\s*/?>")


def plain_text(html: object) -> str:
    """The text of Intercom's HTML body (paragraphs on lines of their own); "" for none."""
    if not isinstance(html, str) or not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(_BLOCK_END.sub(lambda m: m.group(0) + "\n", html))
    except (ParserError, ValueError):
        return html.strip()
    lines = (line.strip() for line in "".join(str(t) for t in root.itertext()).splitlines())
    return "\n".join(line for line in lines if line)


def conversation_url(app_id: str | None, conversation_id: str) -> str | None:
    """Where a teammate opens the conversation; None without the app's id."""
    return f"{APP_URL}/{app_id}/conversations/{conversation_id}" if app_id else None


def tag_names(item: Mapping[str, Any]) -> frozenset[str]:
    """The names of the conversation's tags (``tags.tags[].name``), lower-cased."""
    tags = item.get("tags")
    listed = tags.get("tags") if isinstance(tags, dict) else None
    if not isinstance(listed, list):
        return frozenset()
    return frozenset(
        str(t["name"]).lower() for t in listed if isinstance(t, dict) and t.get("name")
    )


def _created(value: object) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if isinstance(value, int | float) else None


def intercom_conversation(app_id: str | None, item: Mapping[str, Any]) -> Ticket:
    """Our ``Ticket`` (kind conversation) for Intercom's conversation object ``item``."""
    source = item.get("source") if isinstance(item.get("source"), dict) else {}
    assert isinstance(source, dict)
    author = source.get("author") if isinstance(source.get("author"), dict) else {}
    assert isinstance(author, dict)
    name = author.get("name") or author.get("email")
    conversation_id = str(item["id"])
    state = item.get("state")
    return Ticket(
        external_id=conversation_id,
        url=conversation_url(app_id, conversation_id),
        title=str(item.get("title") or plain_text(source.get("subject"))),
        text=plain_text(source.get("body")),
        author=str(name) if name else None,
        created_at=_created(item.get("created_at")),
        status=str(state) if state else None,
        kind=EvidenceKind.CONVERSATION,
    )
