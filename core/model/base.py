"""Declarative base and the workspace-scoped mixin every tenant record inherits."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, MetaData
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    declared_attr,
    mapped_column,
    orm_insert_sentinel,
)

# Stable constraint names, so Alembic migrations behave the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Scoped(Base):
    """A record that belongs to one workspace.

    The store adds ``workspace_id = <bound workspace>`` to every ORM query and sets it on
    every new record (see ``core.store.scope``), so no query can forget the tenant.
    """

    __abstract__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Lets SQLite insert many rows in one statement and still match the ids it hands back
    # to the rows sent (without it SQLAlchemy falls back to one INSERT per row there).
    _sentinel: Mapped[int | None] = orm_insert_sentinel()

    @declared_attr
    @classmethod
    def workspace_id(cls) -> Mapped[int]:
        # Indexed by each table as the leading column of its own composite index (see
        # ``journey_scoped_index``): a lone workspace_id index is what SQLite, lacking
        # statistics, would pick for per-journey queries, scanning the whole workspace.
        return mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))


def journey_scoped_index(table: str) -> Index:
    """The index behind "this journey's rows" and "this workspace's rows"."""
    return Index(f"ix_{table}_workspace_journey", "workspace_id", "journey_id")


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
