"""Intercom conversations through the Search API, against respx: the filter a rule
becomes, tag names made ids, paging by starting_after, and the ways the API can fail."""

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx

from connectors.tickets.errors import RuleRefused, SourceFailed, SourceNotConfigured
from connectors.tickets.intercom.client import API_VERSION, intercom_http
from connectors.tickets.intercom.source import IntercomTicketSource
from connectors.tickets.source import TicketRule
from core.enums import EvidenceKind
from core.settings import Settings

API = "https://api.intercom.io"
SINCE = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
STATE_OPEN = {"field": "state", "operator": "=", "value": "open"}
RULE = TicketRule("intercom", {"tags": ["Refund"], "query": STATE_OPEN})

pytestmark = pytest.mark.usefixtures("clean_env")


def conversation(conversation_id: str, **more: Any) -> dict[str, Any]:
    return {
        "type": "conversation",
        "id": conversation_id,
        "created_at": 1763719200,  # 2025-11-21T10:00:00Z
        "title": None,
        "state": "open",
        "source": {
            "type": "conversation",
            "subject": "",
            "body": "<p>My refund never came.</p><p>It has been <b>two weeks</b>.</p>",
            "author": {"type": "user", "name": "Maya Lopez", "email": "maya@example.com"},
        },
        "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": "81", "name": "refund"}]},
        **more,
    }


def results(items: list[dict[str, Any]], cursor: str | None = None) -> dict[str, Any]:
    pages: dict[str, Any] = {"type": "pages", "page": 1, "per_page": 150, "total_pages": 1}
    if cursor:
        pages["next"] = {"page": 2, "starting_after": cursor}
    return {"type": "conversation.list", "conversations": items, "total_count": 9, "pages": pages}


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def source(sleeps: list[float]) -> IntercomTicketSource:
    settings = Settings(intercom_access_token="ic-token-456")
    return IntercomTicketSource(intercom_http(settings, sleep=sleeps.append))


@pytest.fixture
def api() -> respx.MockRouter:
    with respx.mock(base_url=API, assert_all_called=False) as router:
        router.get("/me").respond(json={"type": "admin", "app": {"id_code": "abc123"}})
        router.get("/tags").respond(
            json={"type": "list", "data": [{"type": "tag", "id": "81", "name": "refund"}]}
        )
        yield router


def test_a_rule_searches_created_since_its_tag_ids_and_its_own_filter(
    source: IntercomTicketSource, api: respx.MockRouter
) -> None:
    search = api.post("/conversations/search").respond(json=results([conversation("901")]))

    [found] = list(source.fetch(RULE, SINCE))

    request = search.calls.last.request
    assert json.loads(request.content) == {
        "query": {
            "operator": "AND",
            "value": [
                {"field": "created_at", "operator": ">", "value": int(SINCE.timestamp()) - 1},
                {"field": "tag_ids", "operator": "IN", "value": ["81"]},
                STATE_OPEN,
            ],
        },
        "pagination": {"per_page": 150},
    }
    assert request.headers["Authorization"] == "Bearer ic-token-456"
    assert request.headers["Intercom-Version"] == API_VERSION
    assert found.external_id == "901"
    assert found.kind is EvidenceKind.CONVERSATION
    assert found.url == "https://app.intercom.com/a/apps/abc123/conversations/901"
    assert found.text == "My refund never came.\nIt has been two weeks."
    assert found.author == "Maya Lopez"
    assert found.created_at == datetime(2025, 11, 21, 10, tzinfo=UTC)


def test_pages_are_followed_with_starting_after(
    source: IntercomTicketSource, api: respx.MockRouter
) -> None:
    search = api.post("/conversations/search").mock(
        side_effect=[
            httpx.Response(200, json=results([conversation("1"), conversation("2")], "WzE2")),
            httpx.Response(200, json=results([conversation("3")])),
        ]
    )

    assert [t.external_id for t in source.fetch(RULE, SINCE)] == ["1", "2", "3"]
    second = json.loads(search.calls[1].request.content)
    assert second["pagination"] == {"per_page": 150, "starting_after": "WzE2"}
    assert api.routes[1].call_count == 1  # tags listed once


def test_a_tag_intercom_does_not_know_refuses_the_rule(
    source: IntercomTicketSource, api: respx.MockRouter
) -> None:
    rule = TicketRule("intercom", {"tags": ["refund", "chargeback"]})

    with pytest.raises(RuleRefused, match="Intercom has no tag named 'chargeback'"):
        list(source.fetch(rule, SINCE))


def test_a_429_waits_for_retry_after(
    source: IntercomTicketSource, api: respx.MockRouter, sleeps: list[float]
) -> None:
    api.post("/conversations/search").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "2"}),
            httpx.Response(502),
            httpx.Response(200, json=results([conversation("1")])),
        ]
    )

    assert [t.external_id for t in source.fetch(RULE, SINCE)] == ["1"]
    assert sleeps[0] == 2.0 and len(sleeps) == 2


def test_a_refused_token_says_what_to_check(
    source: IntercomTicketSource, api: respx.MockRouter
) -> None:
    api.post("/conversations/search").respond(
        401,
        json={
            "type": "error.list",
            "errors": [{"code": "unauthorized", "message": "Access Token Invalid"}],
        },
    )

    with pytest.raises(SourceFailed, match="check INTERCOM_ACCESS_TOKEN") as caught:
        list(source.fetch(RULE, SINCE))
    assert "ic-token-456" not in str(caught.value)


def test_a_refused_filter_refuses_the_rule_with_intercom_words(
    source: IntercomTicketSource, api: respx.MockRouter
) -> None:
    api.post("/conversations/search").respond(
        400,
        json={
            "type": "error.list",
            "errors": [{"code": "parameter_invalid", "message": "Field 'stat' is not searchable"}],
        },
    )

    with pytest.raises(RuleRefused, match="Field 'stat' is not searchable"):
        list(source.fetch(RULE, SINCE))


def test_malformed_json_fails_the_rule(source: IntercomTicketSource, api: respx.MockRouter) -> None:
    api.post("/conversations/search").respond(200, content=b"{not json")

    with pytest.raises(SourceFailed, match="something not JSON"):
        list(source.fetch(RULE, SINCE))


def test_without_a_token_it_says_what_to_set() -> None:
    with pytest.raises(SourceNotConfigured, match="set INTERCOM_ACCESS_TOKEN"):
        intercom_http(Settings())
