"""A small JQL parser: the subset journeyops needs, and a clear 400 for anything else.

Grammar: ``clause (AND|OR clause)*`` with ``NOT``, parentheses (AND binds tighter than
OR) and an optional ``ORDER BY field [ASC|DESC], ...``. A clause is ``field operator
value`` with ``= != > >= < <= ~ !~ IN (..) NOT IN (..) IS [NOT] EMPTY``; a value is a
word, a quoted string or ``now()``. Which fields and operators work: ``jql_clauses.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.jira.errors import SpecViolation
from sandbox.jira.jql_clauses import ORDER_KEYS, Predicate, Value, clause
from sandbox.jira.model import Issue
from sandbox.jira.state import JiraState

_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')'
    r"|(?P<op>!=|>=|<=|!~|=|>|<|~|\(|\)|,)"
    r"|(?P<word>[A-Za-z0-9_.\-:/+*\[\]@]+))"
)
_OPERATORS = {"=", "!=", ">", ">=", "<", "<=", "~", "!~"}


@dataclass(frozen=True)
class Token:
    text: str
    quoted: bool = False
    symbol: bool = False

    def is_word(self, *words: str) -> bool:
        return not self.quoted and not self.symbol and self.text.lower() in words


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1])


def tokens(jql: str) -> list[Token]:
    found: list[Token] = []
    pos, end = 0, len(jql.rstrip())
    while pos < end:
        match = _TOKEN.match(jql, pos)
        if match is None or match.end() == pos:
            raise invalid(jql, f"Error in the JQL Query: unexpected character at position {pos}.")
        kind = match.lastgroup or "word"
        text = match.group(kind)
        found.append(
            Token(_unquote(text), quoted=True)
            if kind == "str"
            else Token(text, False, kind == "op")
        )
        pos = match.end()
    return found


def invalid(jql: str, message: str) -> SpecViolation:
    return SpecViolation(f"{message} (jql: {jql!r})", reason="jql")


@dataclass(frozen=True)
class Query:
    """A parsed JQL query: ``matches`` an issue; ``order`` is [(field, descending)]."""

    predicate: Predicate | None
    order: list[tuple[str, bool]]

    def matches(self, issue: Issue) -> bool:
        return self.predicate is None or self.predicate(issue)


class _Parser:
    def __init__(self, jql: str, state: JiraState) -> None:
        self.jql = jql
        self.items = tokens(jql)
        self.pos = 0
        self.state = state

    def fail(self, why: str) -> SpecViolation:
        return invalid(self.jql, f"Error in the JQL Query: {why}")

    def peek(self) -> Token | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def next(self) -> Token:
        token = self.peek()
        if token is None:
            raise self.fail("the query ended too early.")
        self.pos += 1
        return token

    def at(self, *words: str) -> bool:
        token = self.peek()
        return token is not None and token.is_word(*words)

    def parse(self) -> Query:
        predicate = None if self.peek() is None or self.at("order") else self.or_expr()
        order: list[tuple[str, bool]] = []
        if self.at("order"):
            self.next()
            if not self.next().is_word("by"):
                raise self.fail("expecting 'by' after 'order'.")
            order = self.order_list()
        if self.peek() is not None:
            raise self.fail(f"unexpected '{self.next().text}'.")
        return Query(predicate, order)

    def order_list(self) -> list[tuple[str, bool]]:
        order = []
        while True:
            name = self.next().text.lower()
            if name not in ORDER_KEYS:
                raise SpecViolation(
                    f"ORDER BY {name!r} is not supported by the sandbox", reason="unsupported jql"
                )
            descending = False
            if self.at("asc", "desc"):
                descending = self.next().text.lower() == "desc"
            order.append((name, descending))
            if self.peek() is None or self.peek() != Token(",", symbol=True):
                return order
            self.next()

    def or_expr(self) -> Predicate:
        parts = [self.and_expr()]
        while self.at("or"):
            self.next()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else (lambda i: any(p(i) for p in parts))

    def and_expr(self) -> Predicate:
        parts = [self.not_expr()]
        while self.at("and"):
            self.next()
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else (lambda i: all(p(i) for p in parts))

    def not_expr(self) -> Predicate:
        if self.at("not"):
            self.next()
            inner = self.not_expr()
            return lambda i: not inner(i)
        if self.peek() == Token("(", symbol=True):
            self.next()
            inner = self.or_expr()
            if self.next() != Token(")", symbol=True):
                raise self.fail("expecting ')'.")
            return inner
        return self.clause()

    def operator(self) -> str:
        token = self.next()
        if token.symbol and token.text in _OPERATORS:
            return token.text
        word = token.text.lower() if not token.quoted else ""
        if word == "in":
            return "in"
        if word == "not" and self.at("in"):
            self.next()
            return "not in"
        if word == "is":
            if self.at("not"):
                self.next()
                return "is not"
            return "is"
        raise self.fail(f"expecting an operator but got '{token.text}'.")

    def value(self) -> Value:
        token = self.next()
        if token.symbol:
            raise self.fail(f"expecting a value but got '{token.text}'.")
        if not token.quoted and self.peek() == Token("(", symbol=True):
            self.next()
            if self.next() != Token(")", symbol=True):
                raise SpecViolation(
                    f"JQL function arguments are not supported: {token.text}(...)",
                    reason="unsupported jql",
                )
            return Value(token.text.lower(), function=True)
        return Value(token.text, quoted=token.quoted)

    def values(self) -> list[Value]:
        if self.next() != Token("(", symbol=True):
            raise self.fail("expecting '(' after IN.")
        found = [self.value()]
        while self.peek() == Token(",", symbol=True):
            self.next()
            found.append(self.value())
        if self.next() != Token(")", symbol=True):
            raise self.fail("expecting ')' to close the list.")
        return found

    def clause(self) -> Predicate:
        field = self.next()
        if field.symbol:
            raise self.fail(f"expecting a field name but got '{field.text}'.")
        operator = self.operator()
        values = self.values() if operator in ("in", "not in") else [self.value()]
        return clause(self.state, field.text, operator, values)


def parse(jql: str, state: JiraState) -> Query:
    """The parsed query; SpecViolation (400) for JQL Jira refuses or the sandbox lacks."""
    return _Parser(jql, state).parse()
