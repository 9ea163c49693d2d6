"""digest: indexes behind the digest's grouped queries (events of one action in a time
window; evidence attached in a window; each pain point's evidence, read from the index
alone; the evidence of steps)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 17:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVIDENCE_OF_PAIN_POINTS = [
    "workspace_id",
    "pain_point_id",
    "journey_id",
    "created_at",
    "captured_at",
    "kind",
    "author",
    "source",
]
EVIDENCE_BY_TIME = ["workspace_id", "created_at", "journey_id", "kind", "source", "sentiment"]


def upgrade() -> None:
    op.create_index(
        "ix_events_workspace_action_at", "events", ["workspace_id", "action", "at"], unique=False
    )
    op.create_index(
        "ix_evidence_digest_pain_points", "evidence", EVIDENCE_OF_PAIN_POINTS, unique=False
    )
    op.create_index("ix_evidence_digest_attached", "evidence", EVIDENCE_BY_TIME, unique=False)
    op.create_index(
        "ix_evidence_workspace_touchpoint",
        "evidence",
        ["workspace_id", "touchpoint_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_evidence_workspace_touchpoint", table_name="evidence")
    op.drop_index("ix_evidence_digest_attached", table_name="evidence")
    op.drop_index("ix_evidence_digest_pain_points", table_name="evidence")
    op.drop_index("ix_events_workspace_action_at", table_name="events")
