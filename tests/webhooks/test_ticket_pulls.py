"""``pull_all_tickets`` with Zendesk and Intercom rules, the far systems stood in by
respx, on SQLite and PostgreSQL: evidence with permalink, snapshot and hash, the mark
that makes the next pull ask only for what is new, volumes, the --source filter."""

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import respx
from sqlalchemy import select

from connectors.tickets.zendesk.source import SEARCH_PATH
from core.model import Evidence, Touchpoint
from core.services.journey_files import import_journey_files
from core.settings import Settings
from core.store import Store
from tests.conftest import EXAMPLES
from webhooks.ticket_pulls import pull_all_tickets

pytestmark = pytest.mark.usefixtures("clean_env")

SITE = "https://acme.zendesk.com"
INTERCOM = "https://api.intercom.io"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday
WORKSPACE = "w"


def zendesk_ticket(ticket_id: int, created: datetime) -> dict[str, Any]:
    return {
        "id": ticket_id,
        "result_type": "ticket",
        "subject": f"Card declined {ticket_id}",
        "description": "Tried three cards, all declined.",
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "requester_id": 7,
        "status": "new",
    }


def conversation(conversation_id: str, created: datetime) -> dict[str, Any]:
    return {
        "type": "conversation",
        "id": conversation_id,
        "created_at": int(created.timestamp()),
        "title": "Where is my refund?",
        "state": "open",
        "source": {
            "body": "<p>Ordered last week, returned, no refund.</p>",
            "author": {"name": "Ana"},
        },
    }


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(
        journeyops_database_url=db_url,
        journeyops_workspace=WORKSPACE,
        zendesk_url=SITE,
        zendesk_email="care@acme.test",
        zendesk_api_token="zd-token",
        intercom_access_token="ic-token",
    )


@pytest.fixture
def journeys(store: Store) -> Store:
    with store.unit_of_work(WORKSPACE) as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
        steps = {t.key: t for t in uow.session.scalars(select(Touchpoint))}
        steps["card-entry"].ticket_rules = [{"source": "zendesk", "tags": ["card-declined"]}]
        steps["address-lookup"].ticket_rules = [{"source": "intercom", "tags": ["refund"]}]
        steps["three-d-secure"].ticket_rules = []
    return store


def evidence(store: Store, step: str) -> list[Evidence]:
    with store.unit_of_work(WORKSPACE) as uow:
        rows = list(
            uow.session.scalars(
                select(Evidence)
                .join(Touchpoint, Evidence.touchpoint_id == Touchpoint.id)
                .where(Touchpoint.key == step, Evidence.kind.in_(["ticket", "conversation"]))
                .order_by(Evidence.external_id)
            )
        )
        uow.session.expunge_all()
        return rows


@pytest.fixture
def far() -> respx.MockRouter:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{INTERCOM}/me").respond(json={"app": {"id_code": "app9"}})
        router.get(f"{INTERCOM}/tags").respond(json={"data": [{"id": "5", "name": "refund"}]})
        yield router


def test_two_providers_link_evidence_and_the_second_pull_asks_only_for_what_is_new(
    journeys: Store, settings: Settings, far: respx.MockRouter
) -> None:
    yesterday = NOW - timedelta(days=1)
    search = far.get(f"{SITE}{SEARCH_PATH}")
    search.respond(json={"results": [zendesk_ticket(1, yesterday), zendesk_ticket(2, yesterday)]})
    conversations = far.post(f"{INTERCOM}/conversations/search")
    conversations.respond(json={"conversations": [conversation("77", yesterday)], "pages": {}})

    first = pull_all_tickets(journeys, settings, now=NOW)

    assert first.failed == 0 and first.linked == 3
    cards = evidence(journeys, "card-entry")
    assert [(e.kind, e.source, e.external_id) for e in cards] == [
        ("ticket", "zendesk", "1"),
        ("ticket", "zendesk", "2"),
    ]
    assert cards[0].permalink == f"{SITE}/agent/tickets/1"
    assert cards[0].text == "Card declined 1\n\nTried three cards, all declined."
    assert cards[0].content_sha256 == hashlib.sha256(cards[0].text.encode()).hexdigest()
    [chat] = evidence(journeys, "address-lookup")
    assert (chat.kind, chat.permalink) == (
        "conversation",
        "https://app.intercom.com/a/apps/app9/conversations/77",
    )
    assert sorted(v.this_week for v in first.volumes.values()) == [1, 2]
    assert "created>2026-09-02T11:59:59Z" in search.calls.last.request.url.params["query"]

    later = NOW + timedelta(hours=1)
    search.respond(
        json={"results": [zendesk_ticket(2, yesterday), zendesk_ticket(3, later)]}  # overlap + new
    )
    second = pull_all_tickets(journeys, settings, now=later)

    bound = (NOW - timedelta(minutes=5, seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f"created>{bound}" in search.calls.last.request.url.params["query"]
    created = json.loads(conversations.calls.last.request.content)["query"]["value"][0]
    assert created["value"] == int((NOW - timedelta(minutes=5)).timestamp()) - 1
    assert second.linked == 1
    assert [e.external_id for e in evidence(journeys, "card-entry")] == ["1", "2", "3"]


def test_the_source_filter_pulls_only_that_providers_rules(
    journeys: Store, settings: Settings, far: respx.MockRouter
) -> None:
    search = far.get(f"{SITE}{SEARCH_PATH}").respond(json={"results": []})
    conversations = far.post(f"{INTERCOM}/conversations/search").respond(json={"conversations": []})

    run = pull_all_tickets(journeys, settings, only=frozenset({"intercom"}), now=NOW)

    assert [r.rule.source for r in run.results] == ["intercom"]
    assert (search.call_count, conversations.call_count) == (0, 1)


def test_a_failing_provider_keeps_its_mark_and_the_other_still_links(
    journeys: Store, settings: Settings, far: respx.MockRouter
) -> None:
    far.get(f"{SITE}{SEARCH_PATH}").respond(401, json={"error": "Couldn't authenticate you"})
    far.post(f"{INTERCOM}/conversations/search").respond(
        json={"conversations": [conversation("5", NOW - timedelta(hours=2))]}
    )

    run = pull_all_tickets(journeys, settings, now=NOW)

    errors = {r.rule.source: r.error for r in run.results}
    assert "check ZENDESK_EMAIL and ZENDESK_API_TOKEN" in (errors["zendesk"] or "")
    assert errors["intercom"] is None and run.linked == 1


def test_a_stored_rule_its_provider_cannot_run_fails_naming_the_step(
    journeys: Store, settings: Settings, far: respx.MockRouter
) -> None:
    with journeys.unit_of_work(WORKSPACE) as uow:
        step = uow.session.scalar(select(Touchpoint).where(Touchpoint.key == "card-entry"))
        assert step is not None
        step.ticket_rules = [{"source": "zendesk", "tags": []}]  # written by hand
    search = far.get(f"{SITE}{SEARCH_PATH}").respond(json={"results": []})
    far.post(f"{INTERCOM}/conversations/search").respond(json={"conversations": []})

    run = pull_all_tickets(journeys, settings, now=NOW)

    [failed] = [r for r in run.results if r.error]
    assert failed.error == (
        "ecommerce-checkout/card-entry: tags: must be a list of tag names, e.g. [checkout, refund]"
    )
    assert search.call_count == 0


def test_touchpoint_volumes_gives_every_ruled_step_its_week(
    journeys: Store, settings: Settings, far: respx.MockRouter
) -> None:
    from core.services.ticket_volume import touchpoint_volumes

    far.get(f"{SITE}{SEARCH_PATH}").respond(
        json={"results": [zendesk_ticket(1, NOW - timedelta(hours=1))]}
    )
    far.post(f"{INTERCOM}/conversations/search").respond(json={"conversations": []})
    pull_all_tickets(journeys, settings, now=NOW)

    with journeys.unit_of_work(WORKSPACE) as uow:
        volumes = touchpoint_volumes(uow, now=NOW)
        keys = {t.id: t.key for t in uow.session.scalars(select(Touchpoint))}
    assert {keys[tp]: v.this_week for tp, v in volumes.items()} == {
        "card-entry": 1,
        "address-lookup": 0,
    }
