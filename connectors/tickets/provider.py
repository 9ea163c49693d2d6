"""What a ticket provider's folder hands the registry: one ``Provider`` named ``PROVIDER``
in its ``provider.py`` (``connectors/tickets/<name>/provider.py``).

A provider always pulls (``build``: a ``TicketSource``); it may also take webhooks
(``webhook``: verify the sender, read the items a delivery carries, match them against
rules without asking the far system) and have a ``journeyops doctor`` check.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from connectors.tickets.source import Ticket, TicketRule, TicketSource
from core.health import ReachabilityCheck
from core.settings import Settings

Clock = Callable[[], datetime]
SourceFactory = Callable[[Settings, Clock], TicketSource]


class Verdict(StrEnum):
    """What checking a webhook delivery's signature found."""

    OK = "ok"
    NO_SECRET = "no_secret"  # the provider's webhook secret is not set: refuse everything
    MISSING = "missing"  # no signature (or no timestamp) on the request
    MISMATCH = "mismatch"
    EXPIRED = "expired"  # signed, but outside the time window (a replay)


@dataclass(frozen=True)
class ArrivedTicket:
    """A ticket a webhook delivered, with what rules are matched on.

    Attributes:
        ticket: the ticket as a pull would report it.
        tags: its tags (Zendesk tags, Intercom tag names).
        fields: custom field id -> value, as text (empty when the delivery has none).
    """

    ticket: Ticket
    tags: frozenset[str] = frozenset()
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Delivery:
    """A verified, parsed webhook delivery: its id (the same on every retry; None when
    the sender gives none, and the body's hash stands in) and the tickets it carries
    (none: an event we do not follow)."""

    delivery_id: str | None
    event: str
    tickets: tuple[ArrivedTicket, ...] = ()


@dataclass(frozen=True)
class TicketWebhook:
    """A provider's webhook: three pure functions, no I/O.

    Attributes:
        verify: (settings, headers, body, now) -> Verdict; constant-time comparison.
        read: (settings, payload, headers) -> Delivery; never raises for odd payloads.
        matches: (rule, arrived) -> True/False, or None when the rule cannot be decided
            from the delivery (a free-text query): the next pull decides it.
    """

    verify: Callable[[Settings, Mapping[str, str], bytes, datetime], Verdict]
    read: Callable[[Settings, dict[str, Any], Mapping[str, str]], Delivery]
    matches: Callable[[TicketRule, ArrivedTicket], bool | None]


@dataclass(frozen=True)
class Provider:
    """One ticket provider.

    Attributes:
        name: the ``source`` journey files name it by.
        build: the source from the settings; raises ``SourceNotConfigured`` (saying what
            to set) when they are missing.
        configured: whether the settings name this provider at all.
        webhook: its webhook, or None when it takes none here.
        check: its ``journeyops doctor`` check, or None (checked elsewhere).
    """

    name: str
    build: SourceFactory
    configured: Callable[[Settings], bool]
    webhook: TicketWebhook | None = None
    check: ReachabilityCheck | None = None
