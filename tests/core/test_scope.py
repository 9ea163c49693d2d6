"""Every record belongs to a workspace, and no query can forget it."""

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from core.errors import UnscopedQuery
from core.model import Journey, Stage
from core.store import Store


def _journey(store: Store, workspace: str, key: str, title: str) -> None:
    with store.unit_of_work(workspace) as uow:
        journey = Journey(key=key, title=title, type="current_state")
        journey.stages = [Stage(key="s1", name="Stage 1")]
        uow.session.add(journey)


def test_a_workspace_sees_only_its_own_journeys(store: Store) -> None:
    _journey(store, "acme", "checkout", "Acme checkout")
    _journey(store, "globex", "checkout", "Globex checkout")
    with store.unit_of_work("acme") as uow:
        titles = uow.session.scalars(select(Journey.title)).all()
        joined = uow.session.execute(
            select(Stage.key, Journey.title).join(Journey, Stage.journey_id == Journey.id)
        ).all()
        count = uow.session.scalar(select(func.count()).select_from(Stage))
    assert titles == ["Acme checkout"]
    assert joined == [("s1", "Acme checkout")]
    assert count == 1


def test_bulk_update_and_delete_stay_in_the_workspace(store: Store) -> None:
    _journey(store, "acme", "checkout", "Acme checkout")
    _journey(store, "globex", "checkout", "Globex checkout")
    with store.unit_of_work("acme") as uow:
        uow.session.execute(update(Journey).values(title="renamed"))
        uow.session.execute(delete(Stage))
    with store.unit_of_work("globex") as uow:
        assert uow.session.scalars(select(Journey.title)).all() == ["Globex checkout"]
        assert uow.session.scalar(select(func.count()).select_from(Stage)) == 1


def test_new_records_get_the_bound_workspace(store: Store) -> None:
    _journey(store, "acme", "checkout", "Acme checkout")
    with store.unit_of_work("acme") as uow:
        journey = uow.session.scalars(select(Journey)).one()
        assert journey.workspace_id == uow.workspace_id
        assert journey.stages[0].workspace_id == uow.workspace_id


def test_a_record_of_another_workspace_is_refused(store: Store) -> None:
    other = store.ensure_workspace("globex")
    with pytest.raises(UnscopedQuery, match="not to the bound workspace"):  # noqa: SIM117
        with store.unit_of_work("acme") as uow:
            uow.session.add(
                Journey(key="x", title="x", type="current_state", workspace_id=other.id)
            )
            uow.session.flush()
    with store.unit_of_work("globex") as uow:
        assert uow.session.scalars(select(Journey)).all() == []


def test_a_session_without_a_workspace_cannot_query_records(store: Store) -> None:
    from core.store.scope import WorkspaceSession

    session: Session = WorkspaceSession(store.engine)
    with pytest.raises(UnscopedQuery):
        session.scalars(select(Journey)).all()
    session.close()
