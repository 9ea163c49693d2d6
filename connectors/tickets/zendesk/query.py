"""The Zendesk Search API query a rule runs as.

A rule ``{source: zendesk, tags: [a, b], custom_fields: {"360012": "refund"}, query:
"..."}`` becomes ``type:ticket tags:a tags:b custom_field_360012:refund <query>
created>2026-11-25T09:55:00Z``: every part must hold. Values with spaces or quotes are
quoted. The creation bound is an absolute UTC time (Zendesk reads ISO 8601 with a zone).
"""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any


def term(value: object) -> str:
    """``value`` as one search term: quoted when it holds a space or a quote."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if any(char.isspace() or char in "\"'" for char in text) or not text:
        return '"' + text.replace('"', "") + '"'
    return text


def search_query(rule: Mapping[str, Any], since: datetime) -> str:
    """The search string for ``rule``'s tickets created at or after ``since``."""
    parts = ["type:ticket"]
    parts += [f"tags:{term(tag)}" for tag in rule.get("tags", [])]
    fields: Mapping[str, Any] = rule.get("custom_fields", {})
    parts += [f"custom_field_{field}:{term(value)}" for field, value in sorted(fields.items())]
    if rule.get("query"):
        parts.append(str(rule["query"]).strip())
    # ">" on whole seconds: one second earlier keeps a ticket created exactly at ``since``.
    bound = since.astimezone(UTC).replace(microsecond=0) - timedelta(seconds=1)
    parts.append(f"created>{bound.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    return " ".join(parts)
