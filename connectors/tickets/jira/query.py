"""The JQL a Jira ticket rule is run as: the rule's own query, bounded by creation time.

The bound is relative (``created >= "-90m"``), not a date: Jira reads an absolute JQL
date in the time zone of the searching account's profile, which we do not know, while a
period counts back from Jira's own clock. Computed from our clock, the period lands on
the same instant on Jira's clock give or take a constant skew, so no ticket falls between
two pulls; it is rounded up to whole minutes (JQL's finest unit), so a pull may see a
ticket of the previous one again, which the pull merges.
"""

import math
import re
from datetime import datetime

ORDER = "ORDER BY created ASC, key ASC"
_ORDER_BY = re.compile(r"\border\s+by\b", re.IGNORECASE)


def split_order_by(jql: str) -> tuple[str, str]:
    """``jql``'s condition and its ORDER BY list (""), ignoring "order by" in quotes."""
    quote: str | None = None
    i = 0
    while i < len(jql):
        char = jql[i]
        if quote:
            if char == "\\":
                i += 1  # the escaped character cannot close the string
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif match := _ORDER_BY.match(jql, i):
            return jql[:i].strip(), jql[match.end() :].strip()
        i += 1
    return jql.strip(), ""


def created_since(since: datetime, now: datetime) -> str:
    """The clause that keeps issues created at or after ``since`` (with ``now`` on our
    clock): whole minutes back from Jira's now, rounded up, at least one."""
    minutes = max(1, math.ceil((now - since).total_seconds() / 60))
    return f'created >= "-{minutes}m"'


def ticket_jql(rule_jql: str, since: datetime, now: datetime) -> str:
    """The rule's condition AND the creation bound, oldest first.

    The rule's own ORDER BY is dropped: paging by offset (Data Center) stays stable only
    when tickets created during the pull land on the last page, so the order is always
    creation time.
    """
    condition, _ = split_order_by(rule_jql)
    bound = created_since(since, now)
    where = f"({condition}) AND {bound}" if condition else bound
    return f"{where} {ORDER}"
