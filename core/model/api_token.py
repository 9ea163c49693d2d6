"""API tokens: what a script or a browser shows to read and write a workspace over HTTP."""

from datetime import datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Scoped, utcnow


class ApiToken(Scoped):
    """One named token of a workspace. Only the token's sha256 is stored: the token itself
    is shown once, when it is created, and cannot be read back from the database."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_workspace_name", "workspace_id", "name"),)

    name: Mapped[str] = mapped_column(String(64))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
