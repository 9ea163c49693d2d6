"""Pain points and the opportunities that address them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Date,
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
from core.model.journey import Journey, Stage, Touchpoint


class PainPoint(Timestamped, Scoped):
    """A problem at a touchpoint, or at a whole stage when ``touchpoint_id`` is empty."""

    __tablename__ = "pain_points"
    __table_args__ = (UniqueConstraint("journey_id", "key"), journey_scoped_index("pain_points"))

    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touchpoints.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    impact: Mapped[str] = mapped_column(String(16), default="workaround")
    category: Mapped[str] = mapped_column(String(16), default="customer")
    status: Mapped[str] = mapped_column(String(16), default="open")
    customers_affected: Mapped[int | None] = mapped_column(Integer)

    journey: Mapped[Journey] = relationship()
    stage: Mapped[Stage] = relationship()
    touchpoint: Mapped[Touchpoint | None] = relationship()


class OpportunityPainPoint(Scoped):
    __tablename__ = "opportunity_pain_points"
    __table_args__ = (
        UniqueConstraint("opportunity_id", "pain_point_id"),
        Index("ix_opportunity_pain_points_workspace", "workspace_id", "pain_point_id"),
    )

    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id", ondelete="CASCADE"))
    pain_point_id: Mapped[int] = mapped_column(ForeignKey("pain_points.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    pain_point: Mapped[PainPoint] = relationship()


class Opportunity(Timestamped, Scoped):
    __tablename__ = "opportunities"
    __table_args__ = (
        UniqueConstraint("journey_id", "key"),
        journey_scoped_index("opportunities"),
    )

    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    customer_value: Mapped[int | None] = mapped_column(SmallInteger)
    business_value: Mapped[int | None] = mapped_column(SmallInteger)
    effort: Mapped[int | None] = mapped_column(SmallInteger)
    owner: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="idea")

    journey: Mapped[Journey] = relationship()
    addresses: Mapped[list[OpportunityPainPoint]] = relationship(
        order_by="OpportunityPainPoint.position", cascade="all, delete-orphan"
    )
