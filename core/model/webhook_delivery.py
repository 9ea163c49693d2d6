"""Webhook deliveries already received, so a redelivered one is applied only once."""

from datetime import datetime

from sqlalchemy import DateTime, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Scoped, utcnow


class WebhookDelivery(Scoped):
    """One delivery id a far system (``source``: "jira" ...) sent to this workspace.

    The unique constraint is the duplicate check: the row is inserted in the same
    transaction as the change the delivery makes, so two processes receiving the same
    delivery at once apply it once, and a crash never marks a delivery seen unapplied.
    """

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("workspace_id", "source", "delivery_id"),
        Index("ix_webhook_deliveries_workspace_received", "workspace_id", "received_at"),
    )

    source: Mapped[str] = mapped_column(String(32))
    delivery_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
