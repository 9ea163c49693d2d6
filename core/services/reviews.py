"""Marking a journey reviewed, on the workspace's calendar. (Which journeys are past
their review cadence: ``core.services.digest.overdue_reviews``.)"""

from datetime import date, datetime

from core.services.digest.period import zone
from core.services.journeys import update_journey
from core.store import UnitOfWork


def workspace_today(uow: UnitOfWork, now: datetime) -> date:
    """``now`` as a date in the workspace's time zone."""
    return now.astimezone(zone(uow.workspace.timezone or "UTC")).date()


def mark_reviewed(uow: UnitOfWork, key: str, today: date) -> bool:
    """Set the journey's last review to ``today``; False when it already was."""
    return bool(update_journey(uow, key, last_reviewed=today))
