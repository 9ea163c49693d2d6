"""Journeys, their stages, the touchpoints (steps) within each stage, and how far each
touchpoint's ticket rules have been pulled."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.model.base import Scoped, Timestamped, journey_scoped_index
from core.model.persona import Persona


class JourneyPersona(Scoped):
    """A secondary persona of a journey, in the order the map lists them."""

    __tablename__ = "journey_personas"
    __table_args__ = (
        UniqueConstraint("journey_id", "persona_id"),
        journey_scoped_index("journey_personas"),
    )

    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    persona_id: Mapped[int] = mapped_column(ForeignKey("personas.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    persona: Mapped[Persona] = relationship(lazy="joined")


class Journey(Timestamped, Scoped):
    __tablename__ = "journeys"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("personas.id"))
    scenario: Mapped[str | None] = mapped_column(Text)
    goal: Mapped[str | None] = mapped_column(Text)
    scope_start: Mapped[str | None] = mapped_column(Text)
    scope_end: Mapped[str | None] = mapped_column(Text)
    timeframe: Mapped[str | None] = mapped_column(String(200))
    owner: Mapped[str | None] = mapped_column(String(200))
    review_cadence_days: Mapped[int | None] = mapped_column(Integer)
    last_reviewed: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    improves_id: Mapped[int | None] = mapped_column(ForeignKey("journeys.id"))

    persona: Mapped[Persona | None] = relationship(foreign_keys=[persona_id])
    other_personas: Mapped[list[JourneyPersona]] = relationship(
        order_by="JourneyPersona.position", cascade="all, delete-orphan"
    )
    improves: Mapped[Journey | None] = relationship(remote_side="Journey.id")
    stages: Mapped[list[Stage]] = relationship(
        back_populates="journey", order_by="Stage.position", cascade="all, delete-orphan"
    )


class Stage(Timestamped, Scoped):
    __tablename__ = "stages"
    __table_args__ = (UniqueConstraint("journey_id", "key"), journey_scoped_index("stages"))

    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    customer_goal: Mapped[str | None] = mapped_column(Text)

    journey: Mapped[Journey] = relationship(back_populates="stages")
    touchpoints: Mapped[list[Touchpoint]] = relationship(
        back_populates="stage", order_by="Touchpoint.position", cascade="all, delete-orphan"
    )


class Touchpoint(Timestamped, Scoped):
    """A step within a stage. Its key is unique within the journey (``journey/step``)."""

    __tablename__ = "touchpoints"
    __table_args__ = (UniqueConstraint("journey_id", "key"), journey_scoped_index("touchpoints"))

    journey_id: Mapped[int] = mapped_column(ForeignKey("journeys.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[str] = mapped_column(String(16), default="other")
    action: Mapped[str | None] = mapped_column(Text)
    thought: Mapped[str | None] = mapped_column(Text)
    emotion: Mapped[int | None] = mapped_column(SmallInteger)
    emotion_reason: Mapped[str | None] = mapped_column(Text)
    lane: Mapped[str] = mapped_column(String(16), default="frontstage")
    owner_team: Mapped[str | None] = mapped_column(String(200))
    moment_of_truth: Mapped[bool] = mapped_column(Boolean, default=False)
    # The journey file's ``tickets:`` as written: [{"source": "jira", "jql": "..."}, ...].
    ticket_rules: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )

    stage: Mapped[Stage] = relationship(back_populates="touchpoints")


class TicketPull(Timestamped, Scoped):
    """How far one ticket rule of a touchpoint has been pulled: the next pull asks the
    rule's source only for tickets created since ``pulled_until`` (less a small overlap).

    ``rule_key`` is the sha256 of the rule as the file states it, so an edited rule starts
    afresh. ``error`` is why the last pull of the rule failed (None when it went fine).
    """

    __tablename__ = "ticket_pulls"
    __table_args__ = (UniqueConstraint("touchpoint_id", "rule_key"),)

    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoints.id", ondelete="CASCADE"))
    rule_key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(32))
    pulled_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
