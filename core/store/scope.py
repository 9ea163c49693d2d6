"""Workspace scoping that no query can forget.

``WorkspaceSession`` is a SQLAlchemy session bound to one workspace. Two listeners make the
scope structural:

* every ORM SELECT, UPDATE and DELETE gets ``workspace_id = <bound id>`` added for every
  workspace-scoped class it touches (``with_loader_criteria``), joins and aliases included;
* every new scoped record gets the bound workspace id at flush; a record carrying another
  workspace's id is refused.

A session without a workspace refuses to query scoped classes (``UnscopedQuery``).

It also writes the event log: ``UnitOfWork.record`` buffers events, and they are inserted
in one statement before the next query that may read them, or at commit.
"""

from functools import lru_cache
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from core.errors import UnscopedQuery
from core.model.base import Scoped
from core.model.event import Event

WORKSPACE_KEY = "workspace_id"
PENDING_EVENTS = "pending_events"
EVENTS = Event.metadata.tables["events"]


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


def pending_events(session: Session) -> list[dict[str, Any]]:
    """The session's events not yet written."""
    pending: list[dict[str, Any]] = session.info.setdefault(PENDING_EVENTS, [])
    return pending


def write_pending_events(session: Session) -> None:
    """Insert the buffered events with one executemany, on the session's transaction."""
    pending = session.info.get(PENDING_EVENTS)
    if pending:
        # Core on the connection: no ORM bookkeeping, and no do_orm_execute recursion.
        session.connection().execute(insert(EVENTS), pending)
        pending.clear()


@event.listens_for(WorkspaceSession, "before_commit")
def _write_events_at_commit(session: Session) -> None:
    write_pending_events(session)


@event.listens_for(WorkspaceSession, "after_rollback")
def _drop_events_of_rollback(session: Session) -> None:
    session.info.pop(PENDING_EVENTS, None)


@event.listens_for(WorkspaceSession, "do_orm_execute")
def _add_workspace_criteria(state: ORMExecuteState) -> None:
    if state.session.autoflush and state.session.info.get(PENDING_EVENTS):
        write_pending_events(state.session)  # a query sees every change, events included
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
    state.statement = _scoped(state.statement, workspace_id)


@lru_cache(maxsize=512)
def _scoped(statement: Any, workspace_id: int) -> Any:
    """``statement`` with the workspace criteria, kept for statements built once and run
    often (their cache key is then computed once, not on every execution)."""
    return statement.options(*_criteria(workspace_id))


@lru_cache(maxsize=1024)
def _criteria(workspace_id: int) -> tuple[Any, ...]:
    """One criterion per workspace record class, built once per workspace.

    Plain expressions rather than one lambda for the ``Scoped`` base: a lambda is
    evaluated again on every execution to collect its bound value.
    """
    return tuple(
        with_loader_criteria(cls, cls.workspace_id == workspace_id, include_aliases=True)
        for cls in _scoped_classes()
    )


def _scoped_classes() -> list[type[Scoped]]:
    found: list[type[Scoped]] = []
    pending: list[type[Scoped]] = list(Scoped.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if "__tablename__" in vars(cls):
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__name__)


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
