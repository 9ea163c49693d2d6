"""When a pain point deserves an alert: pure rules over what the store knows of it.

Two crossings alert: a new pain point whose impact is ``abandon`` (``ABANDON``), and a
pain point whose evidence captured within the window reaches the threshold
(``EVIDENCE``). Each crossing alerts once: a pain point already alerted for a crossing
within the window is not alerted for it again, so the 6th piece of evidence after the 5th
alerted stays quiet, and a new burst after the window has passed alerts anew.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from core.enums import Impact


class Crossing(StrEnum):
    """What made a pain point alert (stored in the ``alert.posted`` event's data)."""

    ABANDON = "abandon"
    EVIDENCE = "evidence_threshold"


@dataclass(frozen=True)
class AlertRule:
    """The threshold and window of the evidence crossing (JOURNEYOPS_ALERT_* settings)."""

    evidence_threshold: int = 5
    window_days: int = 7

    @property
    def window(self) -> timedelta:
        return timedelta(days=self.window_days)


@dataclass(frozen=True)
class PainFacts:
    """What the rules read of one pain point: all times aware UTC.

    ``created_at`` is None when the pain point was not created within the scanned events;
    ``alerted`` holds the crossings already alerted within the window.
    """

    pain_point_id: int
    impact: str
    created_at: datetime | None
    evidence_at: Sequence[datetime]
    alerted: frozenset[Crossing] = frozenset()


def crossings(facts: PainFacts, rule: AlertRule, now: datetime) -> list[Crossing]:
    """The crossings of ``facts`` due an alert at ``now`` (none already alerted)."""
    since = now - rule.window
    due: list[Crossing] = []
    created_recently = facts.created_at is not None and facts.created_at >= since
    if facts.impact == Impact.ABANDON.value and created_recently:
        due.append(Crossing.ABANDON)
    recent = sum(1 for moment in facts.evidence_at if moment >= since)
    if recent >= rule.evidence_threshold:
        due.append(Crossing.EVIDENCE)
    return [crossing for crossing in due if crossing not in facts.alerted]


def due_alerts(
    facts: Iterable[PainFacts], rule: AlertRule, now: datetime
) -> list[tuple[int, Crossing]]:
    """(pain point id, crossing) of every alert due, in the order ``facts`` came."""
    return [(f.pain_point_id, c) for f in facts for c in crossings(f, rule, now)]
