"""Personas: who walks a journey."""

from typing import Any

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Scoped, Timestamped


class Persona(Timestamped, Scoped):
    __tablename__ = "personas"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    goals: Mapped[list[Any]] = mapped_column(JSON, default=list)
    needs: Mapped[list[Any]] = mapped_column(JSON, default=list)
    motivations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    frustrations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    behaviours: Mapped[list[Any]] = mapped_column(JSON, default=list)
    quote: Mapped[str | None] = mapped_column(Text)
    decision_role: Mapped[str | None] = mapped_column(String(100))
