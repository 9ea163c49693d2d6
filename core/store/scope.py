"""Workspace scoping that no query can forget.

``WorkspaceSession`` is a SQLAlchemy session bound to one workspace. Two listeners make the
scope structural:

* every ORM SELECT, UPDATE and DELETE gets ``workspace_id = <bound id>`` added for every
  workspace-scoped class it touches (``with_loader_criteria``), joins and aliases included;
* every new scoped record gets the bound workspace id at flush; a record carrying another
  workspace's id is refused.

A session without a workspace refuses to query scoped classes (``UnscopedQuery``).
"""

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from core.errors import UnscopedQuery
from core.model.base import Scoped

WORKSPACE_KEY = "workspace_id"


class WorkspaceSession(Session):
    """A session whose ``info['workspace_id']`` scopes every query and insert."""

    @property
    def workspace_id(self) -> int:
        workspace_id = self.info.get(WORKSPACE_KEY)
        if workspace_id is None:
            raise UnscopedQuery("this session has no workspace bound")
        return int(workspace_id)


def _touches_scoped(state: ORMExecuteState) -> bool:
    return any(
        isinstance(mapper.class_, type) and issubclass(mapper.class_, Scoped)
        for mapper in state.all_mappers
    )


@event.listens_for(WorkspaceSession, "do_orm_execute")
def _add_workspace_criteria(state: ORMExecuteState) -> None:
    if state.is_column_load or state.is_relationship_load:
        return  # loading attributes of a row that was already scoped
    if not (state.is_select or state.is_update or state.is_delete):
        return
    workspace_id = state.session.info.get(WORKSPACE_KEY)
    if workspace_id is None:
        if _touches_scoped(state):
            raise UnscopedQuery("a workspace record was queried without a workspace bound")
        return
    # Added to every statement, not only those whose top-level entities are scoped:
    # ``select(func.count()).select_from(Stage)`` names Stage only in its FROM clause.
    state.statement = state.statement.options(
        with_loader_criteria(
            Scoped,
            lambda cls: cls.workspace_id == workspace_id,
            include_aliases=True,
        )
    )


@event.listens_for(WorkspaceSession, "before_flush")
def _stamp_new_records(session: Session, _context: Any, _instances: Any) -> None:
    workspace_id = session.info.get(WORKSPACE_KEY)
    for obj in session.new:
        if not isinstance(obj, Scoped):
            continue
        if workspace_id is None:
            raise UnscopedQuery(f"cannot store {type(obj).__name__} without a workspace")
        if obj.workspace_id is None:
            obj.workspace_id = workspace_id
        elif obj.workspace_id != workspace_id:
            raise UnscopedQuery(
                f"{type(obj).__name__} belongs to workspace {obj.workspace_id}, "
                f"not to the bound workspace {workspace_id}"
            )
