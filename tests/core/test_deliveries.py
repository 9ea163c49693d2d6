"""Webhook deliveries are applied once: across units of work, processes and crashes."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.enums import Origin
from core.model import WebhookDelivery
from core.services.deliveries import first_delivery, forget_deliveries
from core.store import Store


def recorded(store: Store, workspace: str = "test") -> list[tuple[str, str]]:
    with store.unit_of_work(workspace) as uow:
        rows = uow.session.execute(
            select(WebhookDelivery.source, WebhookDelivery.delivery_id).order_by(WebhookDelivery.id)
        )
        return [(source, delivery) for source, delivery in rows]


def first(store: Store, delivery: str, *, source: str = "jira", workspace: str = "test") -> bool:
    with store.unit_of_work(workspace, origin=Origin.JIRA) as uow:
        return first_delivery(uow, source, delivery)


def test_a_delivery_is_first_once(store: Store) -> None:
    assert first(store, "d-1") is True
    assert first(store, "d-1") is False
    assert first(store, "d-2") is True
    assert recorded(store) == [("jira", "d-1"), ("jira", "d-2")]


def test_sources_and_workspaces_keep_their_own_ids(store: Store) -> None:
    assert first(store, "d-1", source="jira")
    assert first(store, "d-1", source="zendesk")
    assert first(store, "d-1", workspace="other")
    assert recorded(store) == [("jira", "d-1"), ("zendesk", "d-1")]
    assert recorded(store, "other") == [("jira", "d-1")]


def test_a_crash_before_commit_does_not_mark_the_delivery_seen(store: Store) -> None:
    with pytest.raises(RuntimeError), store.unit_of_work("test") as uow:
        assert first_delivery(uow, "jira", "d-crash")
        raise RuntimeError("the change failed half-way")
    assert recorded(store) == []
    assert first(store, "d-crash") is True


def test_a_concurrent_copy_waits_and_is_a_duplicate(store: Store) -> None:
    inserted = threading.Event()
    answers: dict[str, bool] = {}

    def holder() -> None:
        with store.unit_of_work("test") as uow:
            answers["holder"] = first_delivery(uow, "jira", "d-race")
            inserted.set()
            # Keep the transaction open while the other copy tries: a check that only
            # looked for committed rows would let it through.
            threading.Event().wait(0.3)

    def racer() -> None:
        inserted.wait(5)
        answers["racer"] = first(store, "d-race")

    threads = [threading.Thread(target=holder), threading.Thread(target=racer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == {"holder": True, "racer": False}
    assert recorded(store) == [("jira", "d-race")]


def test_old_delivery_ids_are_forgotten(store: Store) -> None:
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    with store.unit_of_work("test") as uow:
        first_delivery(uow, "jira", "old", at=now - timedelta(days=31))
        first_delivery(uow, "jira", "recent", at=now - timedelta(days=29))
    with store.unit_of_work("other") as uow:
        first_delivery(uow, "jira", "old-elsewhere", at=now - timedelta(days=31))

    with store.unit_of_work("test") as uow:
        assert forget_deliveries(uow, older_than=timedelta(days=30), now=now) == 1

    assert recorded(store) == [("jira", "recent")]
    assert recorded(store, "other") == [("jira", "old-elsewhere")]
    assert first(store, "old") is True, "a forgotten id counts as new again"
    with store.unit_of_work("test") as uow:
        count = uow.session.scalar(select(func.count()).select_from(WebhookDelivery))
    assert count == 2
