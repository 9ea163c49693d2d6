"""Date values in JQL: the absolute formats Jira accepts, periods like ``-5d``, ``now()``.

Absolute dates are read in the sandbox user's time zone, UTC. Jira refuses ISO 8601
(``2024-01-15T10:30:00Z``), and so does the sandbox.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sandbox.jira.errors import SpecViolation

FORMATS = ("%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%Y-%m-%d")
_PERIOD = re.compile(r"^(?P<sign>[-+]?)\s*(?P<parts>(?:\d+\s*[wdhm]\s*)+)$")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


class DateValue(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def function(self) -> bool: ...


def _period(text: str) -> timedelta | None:
    match = _PERIOD.match(text.strip())
    if match is None:
        return None
    delta = timedelta()
    for amount, unit in re.findall(r"(\d+)\s*([wdhm])", match.group("parts")):
        delta += timedelta(**{_UNITS[unit]: int(amount)})
    return -delta if match.group("sign") == "-" else delta


def moment(value: DateValue, field: str, now: datetime) -> datetime:
    """The instant a JQL date value names; SpecViolation like Jira for other formats."""
    if value.function:
        if value.text == "now":
            return now
        raise SpecViolation(
            f"The JQL function '{value.text}()' is not supported by the sandbox",
            reason="unsupported jql",
        )
    for pattern in FORMATS:
        try:
            return datetime.strptime(value.text.strip(), pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    delta = _period(value.text)
    if delta is not None:
        return now + delta
    raise SpecViolation(
        f"Date value '{value.text}' for field '{field}' is invalid. Valid formats include: "
        "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period "
        "format e.g. '-5d', '4w 2d'.",
        reason="jql",
    )
