"""Journeys past their review cadence, with the owner to remind."""

from datetime import date, datetime, timedelta

from sqlalchemy import select

from core.derived import staleness
from core.enums import JourneyStatus
from core.model import Journey
from core.services.digest.data import OverdueReview
from core.store import UnitOfWork


def overdue_review(
    key: str,
    title: str,
    owner: str | None,
    last_reviewed: date | None,
    cadence_days: int | None,
    now: datetime,
) -> OverdueReview | None:
    """The overdue review of one journey, or None when its review is not due (the rule
    is staleness's ``review_overdue``: never reviewed, or last review + cadence passed)."""
    due = staleness(
        newest_evidence=now,
        last_reviewed=last_reviewed,
        review_cadence_days=cadence_days,
        delivery_changed_at=None,
        now=now,
    )
    if "review_overdue" not in due.reasons or cadence_days is None:
        return None
    if last_reviewed is None:
        return OverdueReview(key, title, owner, None, None, None)
    due_on = last_reviewed + timedelta(days=cadence_days)
    return OverdueReview(key, title, owner, last_reviewed, due_on, (now.date() - due_on).days)


def overdue_reviews(uow: UnitOfWork, now: datetime) -> list[OverdueReview]:
    """The workspace's active journeys past their review cadence at ``now``, most
    overdue first (never reviewed before all), each with its owner: for the digest and
    for reminders to the owners. One query over the journeys."""
    query = (
        select(
            Journey.key,
            Journey.title,
            Journey.owner,
            Journey.last_reviewed,
            Journey.review_cadence_days,
        )
        .where(
            Journey.status == JourneyStatus.ACTIVE.value,
            Journey.review_cadence_days.is_not(None),
        )
        .order_by(Journey.key)
    )
    found = [
        review
        for key, title, owner, last, cadence in uow.session.execute(query)
        if (review := overdue_review(key, title, owner, last, cadence, now)) is not None
    ]
    return sorted(found, key=lambda r: (r.days_overdue is not None, -(r.days_overdue or 0)))
