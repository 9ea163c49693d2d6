"""Linking the tickets a webhook delivered to the steps whose rules they match.

A rule of the delivering provider decides from the delivery alone (tags, fields): a
match links the ticket as evidence exactly like a pull would (same identity, so the next
pull merges it instead of doubling it); a rule the delivery cannot decide (a free-text
query) is left to the next pull.
"""

import logging
from dataclasses import dataclass

from connectors.tickets.provider import Delivery, Provider
from connectors.tickets.pull import ticket_evidence
from connectors.tickets.source import TicketRule
from core.errors import BadInput
from core.services.evidence import attach_evidence
from core.services.ticket_rules import ruled_touchpoints
from core.store import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Linked:
    """What one delivery did: the steps it linked a new ticket to, and those it updated."""

    created: tuple[str, ...] = ()  # journey/step
    updated: tuple[str, ...] = ()  # held already, its snapshot changed
    undecided: int = 0  # rules left to the next pull


def link_arrivals(uow: UnitOfWork, provider: Provider, delivery: Delivery) -> Linked:
    """Attach each ticket of ``delivery`` to every step with a matching ``provider`` rule
    (one ``evidence.attached`` event each new link)."""
    assert provider.webhook is not None
    created: list[str] = []
    updated: list[str] = []
    undecided = 0
    targets = ruled_touchpoints(uow) if delivery.tickets else []
    for arrived in delivery.tickets:
        for target in targets:
            rules = [
                TicketRule.from_stored(r)
                for r in target.touchpoint.ticket_rules
                if r.get("source") == provider.name
            ]
            verdicts = [provider.webhook.matches(rule, arrived) for rule in rules]
            undecided += sum(v is None for v in verdicts)
            if not any(verdicts):
                continue
            proof = ticket_evidence(provider.name, arrived.ticket)
            try:
                _, outcome = attach_evidence(uow, target.touchpoint, proof)
            except BadInput as exc:  # a ticket we cannot store: say so, take the others
                logger.warning(
                    "tickets.webhook.refused",
                    extra={"source": provider.name, "touchpoint": target.where, "error": str(exc)},
                )
                continue
            if outcome == "created":
                created.append(target.where)
            elif outcome == "merged":
                updated.append(target.where)
    if created or updated:
        logger.info(
            "tickets.webhook.linked",
            extra={"source": provider.name, "created": len(created), "updated": len(updated)},
        )
    return Linked(tuple(created), tuple(updated), undecided)
