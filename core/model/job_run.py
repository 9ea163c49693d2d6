"""The scheduler's ledger: one row per (workspace, job, period) ever started, so each
period's run happens once however many schedulers share the database."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Scoped, Timestamped


class JobRun(Timestamped, Scoped):
    """A claimed run: ``state`` is ``claimed`` while a scheduler works on it (until
    ``lease_until``; after that another may take it over), then ``done``. ``progress``
    keeps what a run already delivered, so a run taken over does not deliver it again."""

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("workspace_id", "job", "period"),)

    job: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default="claimed")
    claimed_by: Mapped[str] = mapped_column(String(200))
    lease_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    late: Mapped[bool] = mapped_column(default=False)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    detail: Mapped[str | None] = mapped_column(Text)
