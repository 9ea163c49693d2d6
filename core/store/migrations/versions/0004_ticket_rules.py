"""ticket rules: each touchpoint's rules for linking support tickets (the journey file's
``tickets:``), and how far each rule has been pulled

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 09:20:11.402117
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing steps get an empty list: no rule, nothing to pull. Not batch mode: on
    # SQLite that copies and drops the touchpoints table, and the drop cascades to their
    # pain points and evidence; ADD COLUMN with a constant default works in place.
    op.add_column(
        "touchpoints",
        sa.Column("ticket_rules", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
    )
    op.create_table(
        "ticket_pulls",
        sa.Column("touchpoint_id", sa.Integer(), nullable=False),
        sa.Column("rule_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("pulled_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("_sentinel", sa.Integer(), nullable=True),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["touchpoint_id"],
            ["touchpoints.id"],
            name=op.f("fk_ticket_pulls_touchpoint_id_touchpoints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_ticket_pulls_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_pulls")),
        sa.UniqueConstraint(
            "touchpoint_id", "rule_key", name=op.f("uq_ticket_pulls_touchpoint_id_rule_key")
        ),
    )


def downgrade() -> None:
    op.drop_table("ticket_pulls")
    # Not batch mode: on SQLite that copies and drops the touchpoints table, and the drop
    # would cascade to their pain points and evidence. SQLite 3.35+ drops a column in place.
    op.drop_column("touchpoints", "ticket_rules")
