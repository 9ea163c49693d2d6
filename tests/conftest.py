"""Shared fixtures: a migrated store on SQLite always, and on PostgreSQL when
JOURNEYOPS_TEST_POSTGRES_URL names one (``.ci/run`` starts one)."""

import os
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from core.enums import Origin
from core.model import Base
from core.store import Store, UnitOfWork

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
POSTGRES_URL = os.environ.get("JOURNEYOPS_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
ENV_PREFIXES = ("SLACK_", "JIRA_", "CONFLUENCE_", "JOURNEYOPS_")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file that each test copies (migrating per test is slow)."""
    path = tmp_path_factory.mktemp("template") / "journeyops.db"
    store = Store(f"sqlite:///{path}")
    store.ensure_ready()
    store.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    assert POSTGRES_URL
    store = Store(POSTGRES_URL)
    with store.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    store.ensure_ready()
    store.dispose()
    return POSTGRES_URL


def _empty_postgres(url: str) -> str:
    store = Store(url)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with store.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    store.dispose()
    return url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """An empty, migrated database: SQLite, and PostgreSQL when one is configured."""
    if request.param == "sqlite":
        target = tmp_path / "journeyops.db"
        shutil.copy(sqlite_template, target)
        return f"sqlite:///{target}"
    return _empty_postgres(request.getfixturevalue("postgres_migrated"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    store = Store(db_url)
    store.ensure_ready()
    yield store
    store.dispose()


@pytest.fixture
def uow(store: Store) -> Iterator[UnitOfWork]:
    with store.unit_of_work("test", actor="tester", origin=Origin.CLI) as unit:
        yield unit


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No journeyops, Slack or Atlassian variable of the developer's shell leaks in."""
    for name in list(os.environ):
        if name.upper().startswith(ENV_PREFIXES):
            monkeypatch.delenv(name)


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A local port that refuses connections: bound, never listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


CliRun = Callable[..., Result]


@pytest.fixture
def journeyops(
    clean_env: None, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> CliRun:
    """Run the ``journeyops`` CLI in a temporary folder against the test database."""
    from webhooks.cli.app import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JOURNEYOPS_DATABASE_URL", db_url)
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return run
