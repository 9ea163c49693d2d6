"""The event log: every change as (workspace, who, what, when, origin)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Scoped, utcnow


class Event(Scoped):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_workspace_at", "workspace_id", "at"),
        # The digest: one action's events in a time window.
        Index("ix_events_workspace_action_at", "workspace_id", "action", "at"),
    )

    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(64), index=True)
    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    journey_id: Mapped[int | None] = mapped_column(Integer, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
