"""Inserting many new rows in one statement, around the ORM's per-object bookkeeping."""

from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from core.model import Scoped


def insert_rows(
    session: Session, model: type[Scoped], rows: list[dict[str, Any]], workspace_id: int
) -> list[int]:
    """Insert ``rows`` of ``model`` into ``workspace_id`` with one statement; their ids in order.

    For rows nobody holds as objects (a new journey's steps, a capture's evidence): Core
    ``INSERT ... RETURNING`` on the session's transaction, without a unit-of-work entry per
    row. The rows must all have the same keys.
    """
    if not rows:
        return []
    table = cast(Table, model.__table__)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    workspace = {"workspace_id": workspace_id}
    result = session.connection().execute(statement, [row | workspace for row in rows])
    return list(result.scalars())
