"""Links: typed, unique references from our records to outside objects."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Scoped, Timestamped


class Link(Timestamped, Scoped):
    """A Jira issue, Confluence page, Slack thread, ticket or conversation tied to a record.

    ``fingerprint`` is what we last wrote to (or read from) the far side; ``remote_changed_at``
    is when the far object last changed, which staleness compares with the last review.
    """

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("workspace_id", "record_type", "record_id", "system", "external_id"),
        # Webhooks find the record an outside object belongs to by its id (a Jira key).
        Index("ix_links_workspace_system_external", "workspace_id", "system", "external_id"),
    )

    record_type: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    system: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(300))
    fingerprint: Mapped[str | None] = mapped_column(String(128))
    synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    remote_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What a connector needs to remember of the far object between syncs (the version it
    # last wrote, hashes of the attachments it uploaded ...).
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
