"""KPIs of a stage or touchpoint and their observed values over time."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.model.base import Scoped, Timestamped, journey_scoped_index


class Kpi(Timestamped, Scoped):
    __tablename__ = "kpis"
    __table_args__ = (UniqueConstraint("journey_id", "key"), journey_scoped_index("kpis"))

    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touchpoints.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(32))
    target: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(String(20), default="higher_is_better")

    values: Mapped[list[KpiValue]] = relationship(
        order_by="KpiValue.observed_on", cascade="all, delete-orphan"
    )


class KpiValue(Scoped):
    __tablename__ = "kpi_values"
    __table_args__ = (
        UniqueConstraint("kpi_id", "observed_on"),
        Index("ix_kpi_values_workspace", "workspace_id", "kpi_id"),
    )

    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"))
    observed_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer, default=0)
