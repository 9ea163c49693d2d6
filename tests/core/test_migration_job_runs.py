"""Migration 0005 on a database that already holds workspaces: each keeps asking shipped
fixes' threads (close the loop on), and the job ledger goes both ways."""

from alembic import command
from sqlalchemy import inspect, select

from core.model import Workspace
from core.store import Store


def test_existing_workspaces_keep_closing_the_loop(store: Store) -> None:
    with store.unit_of_work("w"):
        pass
    config = store._alembic_config()
    command.downgrade(config, "0004")
    assert "job_runs" not in inspect(store.engine).get_table_names()
    command.upgrade(config, "head")
    assert "job_runs" in inspect(store.engine).get_table_names()
    with store.engine.connect() as conn:
        assert list(conn.execute(select(Workspace.key, Workspace.close_the_loop))) == [("w", True)]
