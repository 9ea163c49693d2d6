"""The workspace-bound unit of work every service receives."""

from types import TracebackType
from typing import Any

from core.enums import Origin, RecordType
from core.model import Workspace, utcnow
from core.store.scope import WorkspaceSession, pending_events


class UnitOfWork:
    """One transaction in one workspace, by one actor, from one origin.

    Services take a unit of work as their first argument; they read and write through
    ``uow.session`` (scoped to the workspace) and log each change with ``uow.record``.
    Used as a context manager it commits on success and rolls back on any error, so a
    failed command changes nothing.
    """

    def __init__(
        self, session: WorkspaceSession, workspace: Workspace, actor: str, origin: Origin
    ) -> None:
        self.session = session
        self.workspace = workspace
        self.actor = actor
        self.origin = origin

    @property
    def workspace_id(self) -> int:
        return self.workspace.id

    def record(
        self,
        action: str,
        record_type: RecordType,
        record_id: int,
        *,
        journey_id: int | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Append one change to the event log (who, what, when, origin).

        Events are buffered and written in one statement before the next query or at
        commit (see ``core.store.scope``), in the same transaction as the change.
        """
        pending_events(self.session).append(
            {
                "workspace_id": self.workspace.id,
                "at": utcnow(),
                "actor": self.actor,
                "origin": self.origin.value,
                "action": action,
                "record_type": record_type.value,
                "record_id": record_id,
                "journey_id": journey_id,
                "data": data or {},
            }
        )

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def __enter__(self) -> "UnitOfWork":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()
