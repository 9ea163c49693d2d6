"""The store: one database, its migrations, and units of work bound to a workspace."""

import logging
import re
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from core.enums import Origin
from core.errors import BadInput, StoreError
from core.model import Workspace
from core.store.engine import make_engine, redacted_url
from core.store.scope import WORKSPACE_KEY, WorkspaceSession
from core.store.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"
WORKSPACE_KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class Store:
    """A journeyops database.

    Args:
        url: an SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``).
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        self._sessions = sessionmaker(bind=self.engine, class_=WorkspaceSession)
        self._known_workspaces: dict[str, Workspace] = {}

    def __repr__(self) -> str:
        return f"Store({redacted_url(self.url)!r})"

    # -- migrations ---------------------------------------------------------------------

    def _alembic_config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["engine"] = self.engine
        return config

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(self._alembic_config()).get_current_head()

    def current_revision(self) -> str | None:
        """The revision the database is at, or None for an empty database."""
        try:
            with self.engine.connect() as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except OperationalError as exc:
            raise StoreError(
                f"cannot open the database {redacted_url(self.url)}: {exc.orig}. "
                "Check JOURNEYOPS_DATABASE_URL and that the server is running."
            ) from exc

    def upgrade(self) -> tuple[str | None, str | None]:
        """Migrate to the newest schema; returns (revision before, revision after)."""
        before = self.current_revision()
        command.upgrade(self._alembic_config(), "head")
        after = self.current_revision()
        logger.info("store.upgraded", extra={"before": before, "after": after})
        return before, after

    def ensure_ready(self) -> None:
        """Migrate an empty database; refuse one that is behind with a way to fix it."""
        current = self.current_revision()
        if current == self.head_revision():
            return
        if current is None:
            with self.engine.connect() as conn:
                tables = inspect(conn).get_table_names()
            if tables:
                raise StoreError(
                    f"the database {redacted_url(self.url)} holds tables that are not "
                    "journeyops': point JOURNEYOPS_DATABASE_URL at an empty database"
                )
            self.upgrade()
            return
        raise StoreError(
            f"the database is at revision {current}, this version needs "
            f"{self.head_revision()}: run `journeyops db upgrade`"
        )

    # -- workspaces ---------------------------------------------------------------------

    def ensure_workspace(self, key: str, name: str | None = None) -> Workspace:
        """Return the workspace ``key``, creating it when missing."""
        if not WORKSPACE_KEY_PATTERN.match(key):
            raise BadInput(
                f"workspace key {key!r} is not a slug: use lower-case letters, digits and dashes"
            )
        with Session(self.engine, expire_on_commit=False) as session:
            workspace = session.scalar(select(Workspace).where(Workspace.key == key))
            if workspace is None:
                workspace = Workspace(key=key, name=name or key)
                session.add(workspace)
                session.commit()
            return workspace

    def workspaces(self) -> list[Workspace]:
        with Session(self.engine, expire_on_commit=False) as session:
            return list(session.scalars(select(Workspace).order_by(Workspace.key)))

    def unit_of_work(
        self, workspace: str = "default", *, actor: str = "journeyops", origin: Origin = Origin.CLI
    ) -> UnitOfWork:
        """Open a unit of work bound to ``workspace`` (created when missing)."""
        ws = self._known_workspaces.get(workspace)
        if ws is None:
            # Workspaces are never deleted: once seen, a key's row is remembered, which
            # saves a query and a session per unit of work (webhooks open one each).
            ws = self._known_workspaces[workspace] = self.ensure_workspace(workspace)
        session = self._sessions(info={WORKSPACE_KEY: ws.id})
        bound = session.merge(ws, load=False)
        return UnitOfWork(session, bound, actor, origin)

    def dispose(self) -> None:
        self.engine.dispose()
