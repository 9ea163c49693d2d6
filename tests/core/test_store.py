"""The store migrates an empty database itself and refuses one it cannot use."""

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from core.errors import BadInput, StoreError
from core.store import Store


def test_an_empty_sqlite_file_is_migrated_on_first_use(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'sub' / 'new.db'}")
    assert store.current_revision() is None
    store.ensure_ready()
    assert store.current_revision() == store.head_revision()
    assert (tmp_path / "sub" / "new.db").exists()


def test_upgrade_twice_is_harmless(store: Store) -> None:
    before, after = store.upgrade()
    assert before == after == store.head_revision()


def test_a_database_behind_says_to_run_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = Store(url)
    store.ensure_ready()
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(StoreError, match="journeyops db upgrade"):
        Store(url).ensure_ready()


def test_a_database_of_someone_else_is_not_touched(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'theirs.db'}"
    with create_engine(url).begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id INTEGER)"))
    with pytest.raises(StoreError, match="not journeyops'"):
        Store(url).ensure_ready()


def test_an_unreachable_database_is_a_clear_error_without_the_password() -> None:
    store = Store("postgresql+psycopg://me:s3cretpw@127.0.0.1:1/nowhere")
    with pytest.raises(StoreError) as caught:
        store.ensure_ready()
    assert "cannot open the database" in str(caught.value)
    assert "s3cretpw" not in str(caught.value)
    assert "s3cretpw" not in repr(store)


def test_workspace_keys_must_be_slugs(store: Store) -> None:
    with pytest.raises(BadInput, match="not a slug"):
        store.ensure_workspace("Acme Corp")
