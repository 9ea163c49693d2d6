"""Evidence: the proof attached to a pain point or a touchpoint."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.model.base import Scoped, Timestamped, journey_scoped_index
from core.model.journey import Touchpoint
from core.model.pain_point import PainPoint


class Evidence(Timestamped, Scoped):
    """One piece of proof, with a snapshot of its text so it outlives chat retention.

    ``identity`` is ``<source>:<external id>`` (or ``sha256:<hash>`` when the proof has no
    outside id); it is unique per pain point and per touchpoint, which is what makes a
    second capture of the same message a merge instead of a duplicate.
    """

    __tablename__ = "evidence"
    __table_args__ = (
        UniqueConstraint("pain_point_id", "identity"),
        UniqueConstraint("touchpoint_id", "identity"),
        journey_scoped_index("evidence"),
        # The digest reads each pain point's evidence from this index alone (no row of
        # the table, with its snapshot, is touched) ...
        Index(
            "ix_evidence_digest_pain_points",
            "workspace_id",
            "pain_point_id",
            "journey_id",
            "created_at",
            "captured_at",
            "kind",
            "author",
            "source",
        ),
        # ... finds the evidence of steps (not of pain points) with this one ...
        Index("ix_evidence_workspace_touchpoint", "workspace_id", "touchpoint_id"),
        # ... and counts the evidence attached in a period from this one.
        Index(
            "ix_evidence_digest_attached",
            "workspace_id",
            "created_at",
            "journey_id",
            "kind",
            "source",
            "sentiment",
        ),
    )

    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    pain_point_id: Mapped[int | None] = mapped_column(
        ForeignKey("pain_points.id", ondelete="CASCADE"), index=True
    )
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touchpoints.id", ondelete="CASCADE"), index=True
    )
    identity: Mapped[str] = mapped_column(String(400))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(32))
    source: Mapped[str | None] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(String(300))
    permalink: Mapped[str | None] = mapped_column(String(2000))
    author: Mapped[str | None] = mapped_column(String(200))
    captured_by: Mapped[str | None] = mapped_column(String(200))
    captured_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    content_sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    solicited: Mapped[bool | None] = mapped_column(Boolean)
    sentiment: Mapped[int | None] = mapped_column(SmallInteger)

    pain_point: Mapped[PainPoint | None] = relationship()
    touchpoint: Mapped[Touchpoint | None] = relationship()
