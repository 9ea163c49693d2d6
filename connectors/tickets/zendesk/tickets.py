"""A Zendesk ticket (as the Search API or a webhook reports it) as our ``Ticket``."""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from connectors.tickets.source import Ticket


def ticket_url(site: str, ticket_id: object) -> str:
    """Where an agent opens the ticket: ``<ZENDESK_URL>/agent/tickets/<id>``."""
    return f"{site}/agent/tickets/{ticket_id}"


def parse_time(value: object) -> datetime | None:
    """Zendesk's ISO 8601 time (``2026-11-25T10:00:00Z``) as aware UTC; None if unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def requester(item: Mapping[str, Any]) -> str | None:
    """Who raised it: the sender's name when the ticket says, else its requester id."""
    via = item.get("via")
    source = via.get("source") if isinstance(via, dict) else None
    sender = source.get("from") if isinstance(source, dict) else None
    name = sender.get("name") if isinstance(sender, dict) else None
    if isinstance(name, str) and name.strip():
        return name.strip()
    requester_id = item.get("requester_id")
    return f"zendesk user {requester_id}" if requester_id not in (None, "") else None


def zendesk_ticket(site: str, item: Mapping[str, Any]) -> Ticket:
    """Our ``Ticket`` for Zendesk's ticket object ``item``."""
    status = item.get("status")
    return Ticket(
        external_id=str(item["id"]),
        url=ticket_url(site, item["id"]),
        title=str(item.get("subject") or ""),
        text=str(item.get("description") or ""),
        author=requester(item),
        created_at=parse_time(item.get("created_at")),
        status=str(status) if status else None,
    )
