"""``POST /webhooks/tickets/<provider>`` end to end through Flask's test client, with
really signed Zendesk and Intercom deliveries (fixtures/zendesk, fixtures/intercom), on
SQLite and PostgreSQL: what links, what is refused, what is ignored."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import respx
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from core.model import Evidence, Touchpoint, WebhookDelivery
from core.services.journey_files import import_journey_files
from core.settings import Settings
from core.store import Store
from tests.conftest import EXAMPLES
from webhooks.app import create_app
from webhooks.request_body import MAX_BODY
from webhooks.ticket_pulls import pull_all_tickets

pytestmark = pytest.mark.usefixtures("clean_env")

WORKSPACE = "test"
SITE = "https://acme.zendesk.com"
ZENDESK_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="
INTERCOM_SECRET = "intercom-client-secret-for-tests"
FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return payload


def settings_for(db_url: str, **more: Any) -> Settings:
    values: dict[str, Any] = {
        "journeyops_database_url": db_url,
        "journeyops_workspace": WORKSPACE,
        "zendesk_url": SITE,
        "zendesk_email": "care@acme.test",
        "zendesk_api_token": "zd-token",
        "zendesk_webhook_secret": ZENDESK_SECRET,
        "intercom_client_secret": INTERCOM_SECRET,
    }
    return Settings(**(values | more))


@pytest.fixture
def journeys(store: Store) -> Store:
    with store.unit_of_work(WORKSPACE) as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
        steps = {t.key: t for t in uow.session.scalars(select(Touchpoint))}
        steps["card-entry"].ticket_rules = [{"source": "zendesk", "tags": ["card-declined"]}]
        steps["address-lookup"].ticket_rules = [
            {"source": "intercom", "tags": ["refund"]},
            {"source": "zendesk", "tags": ["refund"], "query": "priority:high"},
        ]
    return store


@pytest.fixture
def client(journeys: Store, db_url: str) -> FlaskClient:
    return create_app(settings_for(db_url), journeys).test_client()


def zendesk_headers(
    body: bytes, *, at: datetime | None = None, secret: str = ZENDESK_SECRET
) -> dict[str, str]:
    stamp = (at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = hmac.new(secret.encode(), stamp.encode() + body, hashlib.sha256).digest()
    return {
        "X-Zendesk-Webhook-Signature": base64.b64encode(digest).decode(),
        "X-Zendesk-Webhook-Signature-Timestamp": stamp,
        "X-Zendesk-Webhook-Invocation-Id": "inv-" + hashlib.md5(body).hexdigest(),
    }


def intercom_headers(body: bytes, secret: str = INTERCOM_SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    return {"X-Hub-Signature": f"sha1={digest}"}


def post(client: FlaskClient, provider: str, body: bytes, headers: dict[str, str]) -> TestResponse:
    return client.post(
        f"/webhooks/tickets/{provider}",
        data=body,
        headers={"Content-Type": "application/json", **headers},
    )


def send_zendesk(client: FlaskClient, payload: dict[str, Any], **signing: Any) -> TestResponse:
    body = json.dumps(payload).encode()
    return post(client, "zendesk", body, zendesk_headers(body, **signing))


def send_intercom(client: FlaskClient, payload: dict[str, Any]) -> TestResponse:
    body = json.dumps(payload).encode()
    return post(client, "intercom", body, intercom_headers(body))


def linked(store: Store, step: str) -> list[tuple[str, str | None, str | None, str | None]]:
    with store.unit_of_work(WORKSPACE) as uow:
        rows = uow.session.execute(
            select(Evidence.kind, Evidence.source, Evidence.external_id, Evidence.permalink)
            .join(Touchpoint, Evidence.touchpoint_id == Touchpoint.id)
            .where(Touchpoint.key == step, Evidence.kind.in_(["ticket", "conversation"]))
        )
        return [tuple(row) for row in rows]


def deliveries(store: Store) -> int:
    with store.unit_of_work(WORKSPACE) as uow:
        return uow.session.scalar(select(func.count()).select_from(WebhookDelivery)) or 0


def test_a_zendesk_ticket_with_the_rules_tags_is_linked_once(
    client: FlaskClient, journeys: Store
) -> None:
    answer = send_zendesk(client, fixture("zendesk/ticket_created"))

    assert (answer.status_code, answer.json) == (200, {"outcome": "linked"})
    assert linked(journeys, "card-entry") == [
        ("ticket", "zendesk", "48213", f"{SITE}/agent/tickets/48213")
    ]
    again = send_zendesk(client, fixture("zendesk/ticket_created"))  # Zendesk retries
    assert again.json == {"outcome": "duplicate"}
    assert len(linked(journeys, "card-entry")) == 1 and deliveries(journeys) == 1


def test_a_ticket_no_rule_matches_changes_nothing_but_is_answered(
    client: FlaskClient, journeys: Store
) -> None:
    payload = fixture("zendesk/ticket_created")
    payload["detail"]["tags"] = ["billing"]

    answer = send_zendesk(client, payload)

    assert (answer.status_code, answer.json) == (200, {"outcome": "unmatched"})
    assert linked(journeys, "card-entry") == []


def test_a_rule_with_a_free_text_query_is_left_to_the_pull(
    client: FlaskClient, journeys: Store
) -> None:
    payload = fixture("zendesk/ticket_created")
    payload["detail"]["tags"] = ["refund"]

    assert send_zendesk(client, payload).json == {"outcome": "unmatched"}
    assert linked(journeys, "address-lookup") == []


def test_a_webhook_linked_ticket_is_merged_not_doubled_by_the_next_pull(
    client: FlaskClient, journeys: Store, db_url: str
) -> None:
    send_zendesk(client, fixture("zendesk/ticket_created"))
    detail = fixture("zendesk/ticket_created")["detail"]
    with respx.mock:
        respx.get(f"{SITE}/api/v2/search.json").respond(json={"results": [detail]})
        run = pull_all_tickets(
            journeys, settings_for(db_url), only=frozenset({"zendesk"}), now=datetime.now(UTC)
        )
    by_step = {r.touchpoint: r for r in run.results}
    assert by_step["card-entry"].fetched == 1 and by_step["card-entry"].linked == 0
    assert len(linked(journeys, "card-entry")) == 1


def test_an_intercom_conversation_is_linked_as_a_conversation(
    client: FlaskClient, journeys: Store
) -> None:
    answer = send_intercom(client, fixture("intercom/conversation_user_created"))

    assert (answer.status_code, answer.json) == (200, {"outcome": "linked"})
    assert linked(journeys, "address-lookup") == [
        (
            "conversation",
            "intercom",
            "2045",
            "https://app.intercom.com/a/apps/abc123/conversations/2045",
        )
    ]
    assert send_intercom(client, fixture("intercom/conversation_user_created")).json == {
        "outcome": "duplicate"
    }


@pytest.mark.parametrize(
    ("provider", "payload"),
    [("zendesk", "zendesk/user_created"), ("intercom", "intercom/ping")],
)
def test_events_we_do_not_follow_are_ignored_with_200(
    client: FlaskClient, journeys: Store, provider: str, payload: str
) -> None:
    body = json.dumps(fixture(payload)).encode()
    headers = zendesk_headers(body) if provider == "zendesk" else intercom_headers(body)

    answer = post(client, provider, body, headers)

    assert (answer.status_code, answer.json) == (200, {"outcome": "ignored"})
    assert deliveries(journeys) == 0


def test_a_wrong_or_missing_signature_is_refused_with_401(
    client: FlaskClient, journeys: Store
) -> None:
    body = json.dumps(fixture("zendesk/ticket_created")).encode()
    forged = zendesk_headers(body, secret="not-the-secret")
    unsigned = {
        "X-Zendesk-Webhook-Signature-Timestamp": forged["X-Zendesk-Webhook-Signature-Timestamp"]
    }
    intercom_body = json.dumps(fixture("intercom/conversation_user_created")).encode()

    answers = [
        post(client, "zendesk", body, forged),
        post(client, "zendesk", body, unsigned),
        post(client, "zendesk", body + b" ", zendesk_headers(body)),  # body changed after signing
        post(client, "intercom", intercom_body, intercom_headers(intercom_body, "wrong")),
        post(client, "intercom", intercom_body, {}),
    ]

    assert [(a.status_code, a.json) for a in answers] == [(401, {"outcome": "unauthorized"})] * 5
    assert linked(journeys, "card-entry") == [] and deliveries(journeys) == 0


def test_a_zendesk_delivery_signed_outside_five_minutes_is_refused(
    client: FlaskClient, journeys: Store
) -> None:
    old = datetime.now(UTC) - timedelta(minutes=6)

    answer = send_zendesk(client, fixture("zendesk/ticket_created"), at=old)

    assert answer.status_code == 401
    assert linked(journeys, "card-entry") == []


def test_without_the_providers_secret_everything_is_refused(journeys: Store, db_url: str) -> None:
    client = create_app(
        settings_for(db_url, zendesk_webhook_secret=None, intercom_client_secret=None), journeys
    ).test_client()

    assert send_zendesk(client, fixture("zendesk/ticket_created")).status_code == 401
    assert send_intercom(client, fixture("intercom/conversation_user_created")).status_code == 401


def test_a_signed_body_that_is_not_a_json_object_is_400(client: FlaskClient) -> None:
    for body in (b"{not json", b"[1, 2]", b"\xff\xfe"):
        assert post(client, "zendesk", body, zendesk_headers(body)).status_code == 400
        assert post(client, "intercom", body, intercom_headers(body)).status_code == 400


def test_an_oversize_body_is_413_unread(client: FlaskClient) -> None:
    body = b'{"padding": "' + b"x" * MAX_BODY + b'"}'

    answer = post(client, "zendesk", body, zendesk_headers(body))

    assert (answer.status_code, answer.json) == (413, {"outcome": "too_large"})


@pytest.mark.parametrize("provider", ["freshdesk", "jira"])
def test_a_provider_without_a_ticket_webhook_is_404(client: FlaskClient, provider: str) -> None:
    assert post(client, provider, b"{}", {}).status_code == 404


def test_a_conversation_tagged_later_is_linked_when_the_tag_arrives(
    client: FlaskClient, journeys: Store
) -> None:
    untagged = fixture("intercom/conversation_user_created")
    untagged["data"]["item"]["tags"]["tags"] = []
    assert send_intercom(client, untagged).json == {"outcome": "unmatched"}
    tagged = fixture("intercom/conversation_user_created")
    tagged["topic"] = "conversation_part.tag.created"
    tagged["id"] = "notif_tag_0002"

    answer = send_intercom(client, tagged)

    assert answer.json == {"outcome": "linked"}
    assert [row[2] for row in linked(journeys, "address-lookup")] == ["2045"]
