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
    with op.batch_alter_table("touchpoints", schema=None) as batch_op:
        # Existing steps get an empty list: no rule, nothing to pull.
        batch_op.add_column(
            sa.Column("ticket_rules", sa.JSON(), server_default=sa.text("'[]'"), nullable=False)
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
    with op.batch_alter_table("touchpoints", schema=None) as batch_op:
        batch_op.drop_column("ticket_rules")
