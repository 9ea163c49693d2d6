"""Zendesk tickets through the Search API, against respx: the query a rule becomes,
paging by next_page, and every way the API can fail."""

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx

from connectors.tickets.errors import RuleRefused, SourceFailed, SourceNotConfigured
from connectors.tickets.http_retries import MAX_ATTEMPTS
from connectors.tickets.source import TicketRule
from connectors.tickets.zendesk.client import zendesk_http
from connectors.tickets.zendesk.source import SEARCH_PATH, ZendeskTicketSource
from core.enums import EvidenceKind
from core.settings import Settings

SITE = "https://acme.zendesk.com"
SEARCH = f"{SITE}{SEARCH_PATH}"
SINCE = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
RULE = TicketRule("zendesk", {"tags": ["checkout", "refund"], "custom_fields": {"360012": "card"}})

pytestmark = pytest.mark.usefixtures("clean_env")


def settings(**more: Any) -> Settings:
    return Settings(
        zendesk_url=SITE, zendesk_email="care@acme.test", zendesk_api_token="zd-token-123", **more
    )


def ticket(ticket_id: int, **more: Any) -> dict[str, Any]:
    return {
        "id": ticket_id,
        "result_type": "ticket",
        "subject": f"Refund {ticket_id} never arrived",
        "description": "I was charged twice at checkout.",
        "created_at": "2026-11-21T10:00:00Z",
        "status": "open",
        "requester_id": 991,
        "via": {"channel": "email", "source": {"from": {"name": "Maya Lopez"}}},
        "tags": ["checkout", "refund"],
        **more,
    }


def page(items: list[dict[str, Any]], next_page: str | None = None) -> dict[str, Any]:
    return {"results": items, "next_page": next_page, "count": len(items)}


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def source(sleeps: list[float]) -> ZendeskTicketSource:
    return ZendeskTicketSource(zendesk_http(settings(), sleep=sleeps.append), SITE)


@respx.mock
def test_a_rule_becomes_one_search_with_tags_fields_and_the_creation_bound(
    source: ZendeskTicketSource,
) -> None:
    route = respx.get(SEARCH).mock(return_value=httpx.Response(200, json=page([ticket(48213)])))

    [found] = list(source.fetch(RULE, SINCE))

    params = route.calls.last.request.url.params
    assert params["query"] == (
        "type:ticket tags:checkout tags:refund custom_field_360012:card "
        "created>2026-11-20T09:29:59Z"
    )
    assert (params["sort_by"], params["sort_order"], params["per_page"]) == (
        "created_at",
        "asc",
        "100",
    )
    assert route.calls.last.request.headers["Authorization"].startswith("Basic ")
    assert found.external_id == "48213"
    assert found.url == f"{SITE}/agent/tickets/48213"
    assert found.title == "Refund 48213 never arrived"
    assert found.author == "Maya Lopez"
    assert found.created_at == datetime(2026, 11, 21, 10, tzinfo=UTC)
    assert found.kind is EvidenceKind.TICKET


@respx.mock
def test_a_free_text_query_is_added_and_quoted_values_stay_one_term(
    source: ZendeskTicketSource,
) -> None:
    route = respx.get(SEARCH).mock(return_value=httpx.Response(200, json=page([])))
    rule = TicketRule(
        "zendesk", {"custom_fields": {"7": "card declined"}, "query": "priority:high"}
    )

    assert list(source.fetch(rule, SINCE)) == []

    assert route.calls.last.request.url.params["query"] == (
        'type:ticket custom_field_7:"card declined" priority:high created>2026-11-20T09:29:59Z'
    )


@respx.mock
def test_pages_are_followed_until_next_page_is_null(source: ZendeskTicketSource) -> None:
    second = f"{SEARCH}?page=2&query=x"
    respx.get(second).mock(return_value=httpx.Response(200, json=page([ticket(3)])))
    respx.get(SEARCH).mock(
        return_value=httpx.Response(200, json=page([ticket(1), ticket(2)], next_page=second))
    )

    assert [t.external_id for t in source.fetch(RULE, SINCE)] == ["1", "2", "3"]
    assert len(respx.calls) == 2


@respx.mock
def test_a_429_waits_for_retry_after_then_goes_on(
    source: ZendeskTicketSource, sleeps: list[float]
) -> None:
    respx.get(SEARCH).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "7"}),
            httpx.Response(200, json=page([ticket(1)])),
        ]
    )

    assert [t.external_id for t in source.fetch(RULE, SINCE)] == ["1"]
    assert sleeps == [7.0]


@respx.mock
def test_server_errors_and_timeouts_are_retried_with_capped_backoff(
    source: ZendeskTicketSource, sleeps: list[float]
) -> None:
    respx.get(SEARCH).mock(
        side_effect=[
            httpx.Response(503),
            httpx.ReadTimeout("slow"),
            httpx.Response(200, json=page([ticket(1)])),
        ]
    )

    assert [t.external_id for t in source.fetch(RULE, SINCE)] == ["1"]
    assert len(sleeps) == 2 and all(0 <= s <= 30 for s in sleeps)


@respx.mock
def test_a_site_that_keeps_failing_fails_the_rule_after_the_last_try(
    source: ZendeskTicketSource, sleeps: list[float]
) -> None:
    respx.get(SEARCH).mock(return_value=httpx.Response(500))

    with pytest.raises(SourceFailed, match=r"Zendesk kept failing on GET /api/v2/search.json"):
        list(source.fetch(RULE, SINCE))
    assert len(respx.calls) == MAX_ATTEMPTS


@respx.mock
def test_refused_credentials_say_which_settings_to_check(source: ZendeskTicketSource) -> None:
    respx.get(SEARCH).mock(
        return_value=httpx.Response(401, json={"error": "Couldn't authenticate you"})
    )

    with pytest.raises(SourceFailed, match="check ZENDESK_EMAIL and ZENDESK_API_TOKEN") as caught:
        list(source.fetch(RULE, SINCE))
    assert "zd-token-123" not in str(caught.value)
    assert len(respx.calls) == 1  # a refusal is not retried


@respx.mock
def test_a_refused_search_refuses_the_rule_with_zendesk_words(source: ZendeskTicketSource) -> None:
    respx.get(SEARCH).mock(
        return_value=httpx.Response(
            422, json={"error": "InvalidValue", "description": "Invalid search: page too far"}
        )
    )

    with pytest.raises(RuleRefused, match="Invalid search: page too far"):
        list(source.fetch(RULE, SINCE))


@pytest.mark.parametrize("body", [b"<html>maintenance</html>", b"[1, 2]", b'{"results": '])
@respx.mock
def test_an_answer_that_is_not_a_json_object_fails_the_rule(
    source: ZendeskTicketSource, body: bytes
) -> None:
    respx.get(SEARCH).mock(return_value=httpx.Response(200, content=body))

    with pytest.raises(
        SourceFailed, match=r"answered GET /api/v2/search\.json with something not JSON"
    ):
        list(source.fetch(RULE, SINCE))


def test_missing_settings_say_what_to_set() -> None:
    with pytest.raises(
        SourceNotConfigured, match="set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN"
    ):
        zendesk_http(Settings())
