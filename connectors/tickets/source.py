"""The interface every ticket provider implements, and what flows through it."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from core.enums import EvidenceKind
from core.services.ticket_rules import describe_rule


@dataclass(frozen=True)
class TicketRule:
    """One rule of a touchpoint: ``source`` ("jira" ...) and that source's own query
    fields (``{"jql": "project = SUP AND labels = checkout-3ds"}`` for Jira)."""

    source: str
    query: Mapping[str, Any]

    @classmethod
    def from_stored(cls, rule: Mapping[str, Any]) -> "TicketRule":
        """The rule as a touchpoint stores it (the journey file's ``tickets:`` item)."""
        return cls(str(rule["source"]), {k: v for k, v in rule.items() if k != "source"})

    def describe(self) -> str:
        """``jira: project = SUP AND ...``, for people."""
        return describe_rule({"source": self.source, **self.query})


@dataclass(frozen=True)
class Ticket:
    """One ticket (or conversation) as a source reports it.

    Attributes:
        external_id: the far system's id people know (a Jira issue key, a Zendesk id).
        url: where people open it.
        title: its subject line.
        text: its body as plain text (the evidence snapshot is title and text).
        author: who raised it (the requester's display name).
        created_at: when it was raised; the week it counts in.
        status: its status name, for people.
        kind: ``ticket``, or ``conversation`` for chat providers.
    """

    external_id: str
    url: str | None
    title: str
    text: str
    author: str | None
    created_at: datetime | None
    status: str | None = None
    kind: EvidenceKind = EvidenceKind.TICKET


class TicketSource(Protocol):
    """A far system tickets come from, named as journey files name it (``name``).

    ``fetch`` yields the tickets ``rule`` matches that were created at or after ``since``,
    oldest first. It may yield a few older ones (clocks and search indexes are not exact):
    a pull attaches a ticket it already holds as a merge, never a second time. Paging,
    rate limits and retries are the source's business.

    Raises (from ``fetch``, while iterating):
        RuleRefused: the far system refused the rule's query.
        SourceFailed: the far system could not answer, or refused our credentials.
    """

    name: str

    def fetch(self, rule: TicketRule, since: datetime) -> Iterator[Ticket]: ...

    def close(self) -> None: ...
