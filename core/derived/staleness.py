"""Staleness of a step: is what the map says about it still known to be true?"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

EVIDENCE_MAX_AGE_DAYS = 90


@dataclass(frozen=True)
class Staleness:
    """Whether a step is stale, and every reason why (empty when it is fresh)."""

    reasons: tuple[str, ...]

    @property
    def stale(self) -> bool:
        return bool(self.reasons)


def staleness(
    *,
    newest_evidence: datetime | None,
    last_reviewed: date | None,
    review_cadence_days: int | None,
    delivery_changed_at: datetime | None,
    now: datetime,
) -> Staleness:
    """A step is stale for each of these reasons:

    * ``no_evidence``: nothing proves it;
    * ``evidence_old``: its newest evidence is more than 90 days old;
    * ``review_overdue``: the journey was never reviewed, or ``last_reviewed`` plus the
      review cadence lies in the past (no cadence means no review is due);
    * ``delivery_changed``: linked delivery work (a Jira issue) changed after the last
      review, so what was validated may no longer hold.
    """
    reasons = []
    if newest_evidence is None:
        reasons.append("no_evidence")
    elif now - newest_evidence > timedelta(days=EVIDENCE_MAX_AGE_DAYS):
        reasons.append("evidence_old")
    if review_cadence_days is not None and (
        last_reviewed is None or last_reviewed + timedelta(days=review_cadence_days) < now.date()
    ):
        reasons.append("review_overdue")
    if delivery_changed_at is not None and (
        last_reviewed is None or delivery_changed_at.date() > last_reviewed
    ):
        reasons.append("delivery_changed")
    return Staleness(tuple(reasons))
