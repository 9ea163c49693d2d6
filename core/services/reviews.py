"""Journeys past their review cadence (``Journey.review_cadence_days``), and marking a
journey reviewed."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.enums import JourneyStatus
from core.model import Journey
from core.services.journeys import update_journey
from core.store import UnitOfWork


@dataclass(frozen=True)
class Overdue:
    """An active journey whose review is due: ``due`` is the day after the cadence ran
    out since it was last reviewed (since it was created, if never)."""

    journey_id: int
    key: str
    title: str
    owner: str | None
    cadence_days: int
    last_reviewed: date | None
    due: date


def workspace_today(uow: UnitOfWork, now: datetime) -> date:
    """``now`` as a date in the workspace's time zone."""
    return now.astimezone(ZoneInfo(uow.workspace.timezone or "UTC")).date()


def overdue_journeys(uow: UnitOfWork, today: date) -> list[Overdue]:
    """The active journeys with a cadence whose review is due on or before ``today``,
    most overdue first."""
    rows = uow.session.execute(
        select(
            Journey.id,
            Journey.key,
            Journey.title,
            Journey.owner,
            Journey.review_cadence_days,
            Journey.last_reviewed,
            Journey.created_at,
        ).where(
            Journey.status == JourneyStatus.ACTIVE.value,
            Journey.review_cadence_days.is_not(None),
            Journey.review_cadence_days > 0,
        )
    )
    found = []
    for journey_id, key, title, owner, cadence, reviewed, created in rows:
        since = reviewed or created.date()
        due = since + timedelta(days=cadence)
        if due <= today:
            found.append(Overdue(journey_id, key, title, owner, cadence, reviewed, due))
    return sorted(found, key=lambda o: (o.due, o.key))


def mark_reviewed(uow: UnitOfWork, key: str, today: date) -> bool:
    """Set the journey's last review to ``today``; False when it already was."""
    return bool(update_journey(uow, key, last_reviewed=today))
