"""Pulling the tickets of every touchpoint rule into the journeys as evidence.

For each rule the pull asks its source for the tickets created since the rule's mark (the
start of its last successful pull, less ``OVERLAP``; ``first_pull`` back for a rule never
pulled) and attaches each one to the touchpoint as evidence (kind ticket, with permalink,
author, creation time and a snapshot of its title and text). A ticket the touchpoint
already holds is merged, never doubled, so the overlap and a re-run cost nothing but the
search. A rule whose source fails is reported and keeps its mark (the next pull covers
the gap); the other rules still run.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from connectors.tickets.errors import RuleRefused, TicketSourceError
from connectors.tickets.source import Ticket, TicketRule, TicketSource
from core.model import Evidence, Touchpoint, utcnow
from core.model.journey import TicketPull
from core.services.evidence import (
    MAX_SNAPSHOT_CHARS,
    EvidenceInput,
    as_utc,
    attach_evidence,
    evidence_identity,
)
from core.services.ticket_rules import (
    Rule,
    RuledTouchpoint,
    mark_pull,
    pull_marks,
    rule_key,
    rule_problems,
    ruled_touchpoints,
)
from core.store import UnitOfWork

logger = logging.getLogger(__name__)

# Covers search indexes that show a new ticket a little late, and clock rounding.
OVERLAP = timedelta(minutes=5)
FIRST_PULL = timedelta(weeks=12)
SourceLookup = Callable[[str], TicketSource]


@dataclass
class RulePull:
    """What pulling one rule of one touchpoint did (with ``dry_run``: would do)."""

    journey: str
    touchpoint: str
    touchpoint_id: int
    rule: TicketRule
    since: datetime
    fetched: int = 0
    linked: int = 0  # tickets that became new evidence
    error: str | None = None


def snapshot(ticket: Ticket) -> str:
    """The evidence text of a ticket: its title, a blank line, its text; clipped to the
    snapshot limit (a long ticket is kept, with a marker, not refused)."""
    text = "\n\n".join(part for part in (ticket.title.strip(), ticket.text.strip()) if part)
    if len(text) > MAX_SNAPSHOT_CHARS:
        text = text[: MAX_SNAPSHOT_CHARS - 1] + "…"
    return text


def ticket_evidence(source: str, ticket: Ticket) -> EvidenceInput:
    """The evidence a ticket of ``source`` becomes: unsolicited, dated by its creation."""
    return EvidenceInput(
        kind=ticket.kind,
        text=snapshot(ticket),
        source=source,
        external_id=ticket.external_id,
        permalink=ticket.url,
        author=ticket.author,
        captured_at=ticket.created_at,
        solicited=False,
    )


def pull_tickets(
    uow: UnitOfWork,
    sources: SourceLookup,
    journey_keys: list[str] | None = None,
    *,
    dry_run: bool = False,
    now: datetime | None = None,
    first_pull: timedelta = FIRST_PULL,
    only: frozenset[str] | None = None,
) -> list[RulePull]:
    """Pull the tickets of every rule of the journeys ``journey_keys`` (or of all) and
    attach the new ones as evidence; one ``evidence.attached`` event each.

    Args:
        sources: source name -> source (``TicketSources``).
        only: pull only the rules of these sources (None: every source).
        dry_run: fetch and count, write nothing (no evidence, no mark, no event).
        now: the pull's start; the mark each successful rule moves to.
        first_pull: how far back a rule never pulled before looks.

    Raises:
        NotFound: a key names no journey.
    """
    now = now or utcnow()
    targets = ruled_touchpoints(uow, journey_keys)
    marks = pull_marks(uow, [t.touchpoint.id for t in targets])
    puller = _Puller(uow, sources, marks, now=now, dry_run=dry_run, first_pull=first_pull)
    return [
        puller.pull(target, rule)
        for target in targets
        for rule in target.touchpoint.ticket_rules
        if only is None or rule.get("source") in only
    ]


class _Puller:
    def __init__(
        self,
        uow: UnitOfWork,
        sources: SourceLookup,
        marks: dict[tuple[int, str], TicketPull],
        *,
        now: datetime,
        dry_run: bool,
        first_pull: timedelta,
    ) -> None:
        self.uow = uow
        self.sources = sources
        self.marks = marks
        self.now = now
        self.dry_run = dry_run
        self.first_pull = first_pull
        self.would_link: set[tuple[int, str]] = set()  # dry run: what is already counted

    def since(self, touchpoint: Touchpoint, rule: Rule) -> datetime:
        mark = self.marks.get((touchpoint.id, rule_key(rule)))
        if mark is None or mark.pulled_until is None:
            return self.now - self.first_pull
        return as_utc(mark.pulled_until) - OVERLAP

    def pull(self, target: RuledTouchpoint, stored: Rule) -> RulePull:
        touchpoint = target.touchpoint
        rule = TicketRule.from_stored(stored)
        result = RulePull(
            target.journey_key, touchpoint.key, touchpoint.id, rule, self.since(touchpoint, stored)
        )
        try:
            _check(target, stored)
            for ticket in self.sources(rule.source).fetch(rule, result.since):
                result.fetched += 1
                result.linked += self.link(touchpoint, rule.source, ticket)
        except TicketSourceError as exc:
            result.error = str(exc)
            logger.warning(
                "tickets.rule.failed",
                extra={"touchpoint": target.where, "source": rule.source, "error": str(exc)},
            )
            if not self.dry_run:
                mark_pull(self.uow, self.marks, touchpoint, stored, error=str(exc))
            return result
        if not self.dry_run:
            mark_pull(self.uow, self.marks, touchpoint, stored, until=self.now)
        logger.info(
            "tickets.rule.pulled",
            extra={
                "touchpoint": target.where,
                "source": rule.source,
                "fetched": result.fetched,
                "linked": result.linked,
                "dry_run": self.dry_run,
            },
        )
        return result

    def link(self, touchpoint: Touchpoint, source: str, ticket: Ticket) -> bool:
        """Attach ``ticket`` (with ``dry_run``: say whether it would be new)."""
        proof = ticket_evidence(source, ticket)
        if not self.dry_run:
            _, outcome = attach_evidence(self.uow, touchpoint, proof)
            return outcome == "created"
        identity = evidence_identity(source, ticket.external_id, proof.text)
        if (touchpoint.id, identity) in self.would_link:
            return False
        held = self.uow.session.scalar(
            select(Evidence.id).where(
                Evidence.touchpoint_id == touchpoint.id, Evidence.identity == identity
            )
        )
        if held is not None:
            return False
        self.would_link.add((touchpoint.id, identity))
        return True


def _check(target: RuledTouchpoint, rule: Rule) -> None:
    """Refuse a stored rule its source cannot run (stored by an older version, or
    written to the database by hand), naming the step."""
    problems = rule_problems(rule)
    if problems:
        field, message = problems[0]
        raise RuleRefused(f"{target.where}: {field + ': ' if field else ''}{message}")
