"""A small CQL evaluator: what the product's searches need, and a clear refusal otherwise.

Supported: ``label``, ``space`` (``space.key``), ``type``, ``title``, ``id``, ``parent``,
``ancestor`` with ``=``, ``!=``, ``in (...)`` and ``not in (...)``, joined by ``AND``/``OR``
(AND binds tighter), optional parentheses and a trailing ``ORDER BY`` (ignored).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sandbox.confluence.errors import SpecViolation
from sandbox.confluence.state import Page, SandboxState

Predicate = Callable[[Page], bool]

_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')|(?P<op>!=|=|\(|\)|,)'
    r"|(?P<word>[A-Za-z0-9_.\-:~]+))"
)
_FIELDS = {"label", "space", "space.key", "type", "title", "id", "content", "parent", "ancestor"}


def _tokens(cql: str) -> list[str]:
    cql = re.split(r"\border\s+by\b", cql, flags=re.IGNORECASE)[0]
    tokens: list[str] = []
    pos = 0
    while pos < len(cql.rstrip()):
        match = _TOKEN.match(cql, pos)
        if match is None or match.end() == pos:
            raise SpecViolation(f"Could not parse cql: {cql!r} at {pos}", reason="unsupported cql")
        tokens.append(match.group(match.lastgroup or "word"))
        pos = match.end()
    return tokens


def _unquote(token: str) -> str:
    if token[:1] in "\"'":
        return re.sub(r"\\(.)", r"\1", token[1:-1])
    return token


class _Parser:
    def __init__(self, cql: str, state: SandboxState) -> None:
        self.cql = cql
        self.tokens = _tokens(cql)
        self.pos = 0
        self.state = state

    def fail(self, why: str) -> SpecViolation:
        return SpecViolation(f"Could not parse cql {self.cql!r}: {why}", reason="unsupported cql")

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def next(self) -> str:
        token = self.peek()
        if token is None:
            raise self.fail("unexpected end")
        self.pos += 1
        return token

    def parse(self) -> Predicate:
        predicate = self.or_expr()
        if self.peek() is not None:
            raise self.fail(f"unexpected {self.peek()!r}")
        return predicate

    def or_expr(self) -> Predicate:
        parts = [self.and_expr()]
        while (self.peek() or "").upper() == "OR":
            self.next()
            parts.append(self.and_expr())
        return lambda page: any(p(page) for p in parts)

    def and_expr(self) -> Predicate:
        parts = [self.atom()]
        while (self.peek() or "").upper() == "AND":
            self.next()
            parts.append(self.atom())
        return lambda page: all(p(page) for p in parts)

    def atom(self) -> Predicate:
        if self.peek() == "(":
            self.next()
            inner = self.or_expr()
            if self.next() != ")":
                raise self.fail("missing )")
            return inner
        field = self.next().lower()
        if field not in _FIELDS:
            raise self.fail(f"unsupported field {field!r}")
        operator = self.next().lower()
        negate = False
        if operator == "not":
            negate, operator = True, self.next().lower()
        if operator == "!=":
            negate, operator = True, "="
        if operator == "=":
            values = [_unquote(self.next())]
        elif operator == "in":
            values = self.value_list()
        else:
            raise self.fail(f"unsupported operator {operator!r}")
        test = self.field_test(field, values)
        return (lambda page: not test(page)) if negate else test

    def value_list(self) -> list[str]:
        if self.next() != "(":
            raise self.fail("expected ( after IN")
        values = [_unquote(self.next())]
        while self.peek() == ",":
            self.next()
            values.append(_unquote(self.next()))
        if self.next() != ")":
            raise self.fail("missing ) after IN list")
        return values

    def field_test(self, field: str, values: list[str]) -> Predicate:
        wanted = set(values)
        state = self.state
        if field == "label":
            lowered = {v.lower() for v in wanted}
            return lambda page: bool(lowered.intersection(page.labels))
        if field in ("space", "space.key"):
            return lambda page: page.space_key in wanted
        if field == "type":
            return lambda page: "page" in wanted
        if field == "title":
            return lambda page: page.title in wanted
        if field in ("id", "content"):
            return lambda page: page.id in wanted
        if field == "parent":
            return lambda page: page.parent_id in wanted
        return lambda page: any(a.id in wanted for a in state.ancestors(page))


def search(state: SandboxState, cql: str) -> list[Page]:
    """Current pages matching ``cql``, in id order; SpecViolation for CQL we cannot run."""
    predicate = _Parser(cql, state).parse()
    with state.lock:
        pages = [p for p in state.pages.values() if p.status == "current"]
        return sorted((p for p in pages if predicate(p)), key=lambda p: int(p.id))
