"""The workspace: one team's tenant and its settings."""

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.model.base import Base, Timestamped


class Workspace(Timestamped, Base):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    slack_team_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    atlassian_site: Mapped[str | None] = mapped_column(String(300))
    confluence_space: Mapped[str | None] = mapped_column(String(100))
    confluence_parent_page: Mapped[str | None] = mapped_column(String(100))
    jira_project: Mapped[str | None] = mapped_column(String(100))
    alert_channel: Mapped[str | None] = mapped_column(String(32))
    digest_channel: Mapped[str | None] = mapped_column(String(32))
    digest_cron: Mapped[str] = mapped_column(String(100), default="0 9 * * mon")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Ask the Slack threads behind a shipped fix whether it worked (bots.slack.close_loop).
    close_the_loop: Mapped[bool] = mapped_column(Boolean, default=True)
    # Replace e-mail addresses and phone numbers in evidence snapshots before storing them.
    redact_snapshots: Mapped[bool] = mapped_column(Boolean, default=False)
