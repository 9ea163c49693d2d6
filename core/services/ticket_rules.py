"""Ticket rules of touchpoints and how far each has been pulled.

A rule is what a journey file's ``tickets:`` list holds: a ``source`` ("jira", later
"zendesk", "intercom" ...) plus that source's query fields (``jql`` for Jira). The core
only stores rules and pull marks; the connectors in ``connectors/tickets`` run them.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.model import Journey, Stage, Touchpoint
from core.model.journey import TicketPull
from core.services.lookup import journey_by_key
from core.store import UnitOfWork

Rule = dict[str, Any]


def normalized_rule(rule: Rule) -> Rule:
    """``rule`` with ``source`` first and its query fields in name order, as it is stored
    and exported (so export -> import -> export gives the same bytes)."""
    return {"source": rule["source"], **{k: rule[k] for k in sorted(rule) if k != "source"}}


def describe_rule(rule: Rule) -> str:
    """``jira: project = SUP AND labels = checkout-3ds``, for people."""
    query = "; ".join(str(value) for name, value in rule.items() if name != "source")
    return f"{rule['source']}: {query}"


def rule_key(rule: Rule) -> str:
    """The sha256 of the rule's canonical JSON: what a pull mark is filed under, so an
    edited rule is a new rule and starts with a full first pull."""
    canonical = json.dumps(rule, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RuledTouchpoint:
    """A touchpoint with at least one ticket rule, and where it sits."""

    touchpoint: Touchpoint
    journey_key: str
    stage_key: str

    @property
    def where(self) -> str:
        """``journey/step``, as people name a step."""
        return f"{self.journey_key}/{self.touchpoint.key}"


def ruled_touchpoints(
    uow: UnitOfWork, journey_keys: list[str] | None = None
) -> list[RuledTouchpoint]:
    """The touchpoints that have ticket rules, of the journeys ``journey_keys`` (or of all),
    in map order.

    Raises:
        NotFound: a key names no journey in this workspace.
    """
    query = (
        select(Touchpoint, Journey.key, Stage.key)
        .join(Stage, Touchpoint.stage_id == Stage.id)
        .join(Journey, Touchpoint.journey_id == Journey.id)
        .order_by(Journey.key, Stage.position, Touchpoint.position, Touchpoint.id)
    )
    if journey_keys:
        ids = [journey_by_key(uow, key).id for key in journey_keys]
        query = query.where(Touchpoint.journey_id.in_(ids))
    # Filtered here, not in SQL: JSON comparison differs between SQLite and PostgreSQL,
    # and a workspace holds hundreds of steps, not millions.
    return [
        RuledTouchpoint(tp, journey, stage)
        for tp, journey, stage in uow.session.execute(query)
        if tp.ticket_rules
    ]


def pull_marks(uow: UnitOfWork, touchpoint_ids: list[int]) -> dict[tuple[int, str], TicketPull]:
    """The pull marks of these touchpoints, by (touchpoint id, rule key)."""
    if not touchpoint_ids:
        return {}
    rows = uow.session.scalars(
        select(TicketPull).where(TicketPull.touchpoint_id.in_(touchpoint_ids))
    )
    return {(row.touchpoint_id, row.rule_key): row for row in rows}


def mark_pull(
    uow: UnitOfWork,
    marks: dict[tuple[int, str], TicketPull],
    touchpoint: Touchpoint,
    rule: Rule,
    *,
    until: datetime | None = None,
    error: str | None = None,
) -> None:
    """Remember a pull of ``rule``: that it reached ``until`` (when given), or why it
    failed (``error``; a failed pull keeps the mark it had, so nothing is skipped)."""
    key = rule_key(rule)
    mark = marks.get((touchpoint.id, key))
    if mark is None:
        mark = TicketPull(touchpoint_id=touchpoint.id, rule_key=key, source=str(rule["source"]))
        uow.session.add(mark)
        marks[(touchpoint.id, key)] = mark
    if until is not None:
        mark.pulled_until = until
    mark.error = error
