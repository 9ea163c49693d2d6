"""Ticket rules of touchpoints and how far each has been pulled.

A rule is what a journey file's ``tickets:`` list holds: a ``source`` plus that source's
query fields. The core checks and stores rules and pull marks; the connectors in
``connectors/tickets`` run them. The fields, by source:

    jira      jql: "project = SUP AND labels = checkout-3ds"       (required)
    zendesk   tags: [checkout, refund]        every tag must be on the ticket
              custom_fields: {"360012": refund}  field id -> value, every one must hold
              query: 'subject:"card declined"'   Zendesk search syntax, added as is
              (at least one of the three)
    intercom  tags: [refund]                  tag names, every one on the conversation
              query: {field: state, operator: "=", value: open}
                  an Intercom search filter (field/operator/value, or operator AND/OR
                  with a list of filters as value; one level of nesting)
              (at least one of the two)
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from core.errors import BadInput
from core.model import Journey, Stage, Touchpoint
from core.model.journey import TicketPull
from core.services.lookup import journey_by_key
from core.store import UnitOfWork

Rule = dict[str, Any]

FIELDS: dict[str, frozenset[str]] = {
    "jira": frozenset({"jql"}),
    "zendesk": frozenset({"tags", "custom_fields", "query"}),
    "intercom": frozenset({"tags", "query"}),
}
INTERCOM_OPERATORS = frozenset(
    {"=", "!=", "IN", "NIN", ">", "<", "~", "!~", "^", "$", "CONTAINS", "NOT CONTAINS"}
)
MAX_TAGS = 20


def rule_problems(rule: Any) -> list[tuple[str, str]]:
    """What is wrong with one rule, as (field, message) pairs; none for a good rule.

    Checks the source, the fields it takes, and their meaning (a Zendesk rule with
    nothing to match on, an Intercom filter without an operator ...).
    """
    if not isinstance(rule, dict):
        return [("", "a ticket rule must be a mapping (source: ... plus its fields)")]
    source = rule.get("source")
    if source not in FIELDS:
        known = ", ".join(sorted(FIELDS))
        return [("source", f"{source!r} is not a ticket source; use one of: {known}")]
    allowed = FIELDS[source]
    problems = [
        (name, f"unknown field {name!r} for a {source} rule; allowed: {', '.join(sorted(allowed))}")
        for name in sorted(set(rule) - allowed - {"source"})
    ]
    if not allowed & set(rule):
        needed = " or ".join(sorted(allowed))
        problems.append(("", f"a {source} rule needs {needed}"))
    if source == "jira" and not str(rule.get("jql") or "").strip():
        problems.append(("jql", "must hold a query, not be empty"))
    if "tags" in rule:
        problems += [("tags", m) for m in _tag_problems(rule["tags"])]
    if source == "zendesk" and "custom_fields" in rule:
        problems += [("custom_fields", m) for m in _field_problems(rule["custom_fields"])]
    text = rule.get("query")
    if source == "zendesk" and "query" in rule and (not isinstance(text, str) or not text.strip()):
        problems.append(("query", "must be Zendesk search text, not empty"))
    if source == "intercom" and "query" in rule:
        problems += [("query", m) for m in _intercom_filter_problems(rule["query"], depth=1)]
    return problems


def check_ticket_rules(where: str, rules: list[Any]) -> None:
    """Refuse ``rules`` of the step ``where`` (``journey/step``) unless all are good.

    Raises:
        BadInput: one line per problem, each naming the step, the rule and the field.
    """
    lines = [
        f"{where}: tickets[{n}]{'.' + name if name else ''}: {message}"
        for n, rule in enumerate(rules)
        for name, message in rule_problems(rule)
    ]
    if lines:
        raise BadInput("\n".join(lines))


def _tag_problems(tags: Any) -> list[str]:
    if not isinstance(tags, list) or not tags:
        return ["must be a list of tag names, e.g. [checkout, refund]"]
    if len(tags) > MAX_TAGS:
        return [f"at most {MAX_TAGS} tags"]
    if any(not isinstance(t, str) or not t.strip() or any(c.isspace() for c in t) for t in tags):
        return ["each tag must be one word of text (no spaces)"]
    return []


def _field_problems(fields: Any) -> list[str]:
    if not isinstance(fields, dict) or not fields:
        return ['must map field ids to values, e.g. {"360012345": refund}']
    problems = []
    for key, value in fields.items():
        if not str(key).isdigit():
            problems.append(f"{key!r} is not a Zendesk field id (digits)")
        if not isinstance(value, str | int | float | bool) or str(value) == "":
            problems.append(f"field {key}: the value must be text, a number or true/false")
    return problems


def _intercom_filter_problems(query: Any, depth: int) -> list[str]:
    if not isinstance(query, dict):
        return ["must be an Intercom search filter: {field: ..., operator: ..., value: ...}"]
    operator = query.get("operator")
    if operator in ("AND", "OR"):
        value = query.get("value")
        if depth > 1:
            return ["nests too deep: Intercom allows one AND/OR inside the rule's filter"]
        if set(query) != {"operator", "value"} or not isinstance(value, list) or not value:
            return [f"{operator} needs a non-empty list of filters as value"]
        return [p for item in value for p in _intercom_filter_problems(item, depth + 1)]
    if set(query) != {"field", "operator", "value"} or not isinstance(query.get("field"), str):
        return ["a filter has exactly field, operator and value"]
    if operator not in INTERCOM_OPERATORS:
        known = " ".join(sorted(INTERCOM_OPERATORS))
        return [f"operator {operator!r} is not one of Intercom's: {known}"]
    return []


def normalized_rule(rule: Rule) -> Rule:
    """``rule`` with ``source`` first and its query fields in name order, as it is stored
    and exported (so export -> import -> export gives the same bytes)."""
    return {"source": rule["source"], **{k: rule[k] for k in sorted(rule) if k != "source"}}


def describe_rule(rule: Rule) -> str:
    """``jira: project = SUP AND labels = checkout-3ds``, ``zendesk: tags refund, web;
    custom_fields {"360012":"card"}``, for people."""
    parts = []
    for name, value in rule.items():
        if name == "source":
            continue
        if isinstance(value, list):
            parts.append(f"{name} " + ", ".join(str(item) for item in value))
        elif isinstance(value, dict):
            parts.append(f"{name} " + json.dumps(value, ensure_ascii=False, separators=(",", ":")))
        else:
            parts.append(str(value))  # a query as written (JQL, Zendesk search text)
    return f"{rule['source']}: {'; '.join(parts)}"


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
