"""The JSON API: reads in the export's shape, writes through the services with origin
api, 401 without a token, 4xx with a message (and nothing changed) for bad input."""

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.model import Event, Evidence, PainPoint
from core.services.journey_export import journey_document
from core.services.lookup import journey_by_key
from core.store import Store
from tests.webhooks.conftest import CHECKOUT, WORKSPACE, bearer

PAIN = {
    "title": "Card declined twice, gave up",
    "touchpoint": "shipping-estimate",
    "impact": "abandon",
    "evidence": {
        "kind": "ticket",
        "source": "zendesk",
        "external_id": "48213",
        "permalink": "https://acme.zendesk.com/agent/tickets/48213",
        "text": "My card was declined twice.",
    },
}


def counts(store: Store) -> tuple[int, int, int]:
    with store.unit_of_work(WORKSPACE) as uow:
        return (
            uow.session.scalar(select(func.count()).select_from(PainPoint)) or 0,
            uow.session.scalar(select(func.count()).select_from(Evidence)) or 0,
            uow.session.scalar(select(func.count()).select_from(Event)) or 0,
        )


def post(client: FlaskClient, path: str, token: str, body: Any) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post(
        path, data=data, headers={**bearer(token), "Content-Type": "application/json"}
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/journeys"),
        ("get", f"/api/v1/journeys/{CHECKOUT}"),
        ("get", f"/api/v1/journeys/{CHECKOUT}/pain-points"),
        ("post", f"/api/v1/journeys/{CHECKOUT}/pain-points"),
        ("get", "/api/v1/pain-points/1"),
        ("get", "/api/v1/pain-points/1/evidence"),
        ("post", "/api/v1/pain-points/1/evidence"),
    ],
)
def test_every_operation_needs_a_token(web_client: FlaskClient, method: str, path: str) -> None:
    answer = getattr(web_client, method)(path, json=PAIN)
    assert answer.status_code == 401
    assert answer.json["error"] == "unauthorized"
    assert "token create" in answer.json["message"]
    refused = getattr(web_client, method)(path, json=PAIN, headers=bearer("jo_unknown"))
    assert refused.status_code == 401


def test_journeys_are_listed_and_read_in_the_export_shape(
    web_client: FlaskClient, api_token: str, store: Store
) -> None:
    listed = web_client.get("/api/v1/journeys", headers=bearer(api_token)).json
    assert [j["key"] for j in listed["journeys"]] == [CHECKOUT]
    read = web_client.get(f"/api/v1/journeys/{CHECKOUT}", headers=bearer(api_token))
    assert read.status_code == 200
    with store.unit_of_work(WORKSPACE) as uow:
        exported = journey_document(uow, journey_by_key(uow, CHECKOUT))
    assert read.json == json.loads(json.dumps(exported))


def test_a_pain_point_is_logged_with_its_evidence_and_origin_api(
    web_client: FlaskClient, api_token: str, store: Store
) -> None:
    answer = post(web_client, f"/api/v1/journeys/{CHECKOUT}/pain-points", api_token, PAIN)
    assert answer.status_code == 201
    created = answer.json
    assert created["journey"] == CHECKOUT
    assert created["touchpoint"] == "shipping-estimate" and created["stage"] == "basket"
    assert created["impact"] == "abandon" and created["evidence_count"] == 1
    assert answer.headers["Location"] == f"/api/v1/pain-points/{created['id']}"
    with store.unit_of_work(WORKSPACE) as uow:
        events = uow.session.execute(
            select(Event.action, Event.origin, Event.actor).where(Event.origin == "api")
        ).all()
    assert ("pain_point.created", "api", "api:tester") in events
    assert ("evidence.attached", "api", "api:tester") in events
    again = web_client.get(f"/api/v1/pain-points/{created['id']}", headers=bearer(api_token))
    assert again.json == created
    listed = web_client.get(
        f"/api/v1/journeys/{CHECKOUT}/pain-points", headers=bearer(api_token)
    ).json
    assert created["id"] in [p["id"] for p in listed["pain_points"]]


def test_evidence_is_attached_then_merged_not_doubled(
    web_client: FlaskClient, api_token: str
) -> None:
    pain = post(web_client, f"/api/v1/journeys/{CHECKOUT}/pain-points", api_token, PAIN).json
    path = f"/api/v1/pain-points/{pain['id']}/evidence"
    proof = {"kind": "interview", "source": "research", "external_id": "i-7", "text": "Too late."}
    first = post(web_client, path, api_token, proof)
    assert first.status_code == 201 and first.json["outcome"] == "created"
    assert first.json["captured_by"] == "api:tester"
    second = post(web_client, path, api_token, {**proof, "text": "Far too late."})
    assert second.status_code == 200 and second.json["outcome"] == "merged"
    listed = web_client.get(path, headers=bearer(api_token)).json["evidence"]
    assert [e["text"] for e in listed] == ["My card was declined twice.", "Far too late."]


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"not json", 400, "JSON object"),
        (b"[1, 2]", 400, "JSON object"),
        ({"touchpoint": "shipping-estimate"}, 422, "title"),
        ({"title": "x", "touchpoint": "shipping-estimate", "impact": "fatal"}, 422, "impact"),
        ({"title": "x" * 301, "stage": "basket"}, 422, "title"),
        ({"title": "x", "stage": "basket", "colour": "red"}, 422, "colour"),
        ({"title": "x"}, 422, "step (touchpoint) or the stage"),
        ({"title": "x", "stage": "basket", "touchpoint": "basket-page"}, 422, "step"),
        ({"title": "x", "touchpoint": "nowhere"}, 404, "no step"),
        ({"title": "x\u0000y", "stage": "basket"}, 422, "NUL"),
        ({"title": "x", "stage": "basket", "customers_affected": -1}, 422, "customers"),
        (
            {"title": "x", "stage": "basket", "evidence": {"kind": "ticket", "text": "t" * 40001}},
            422,
            "evidence.text",
        ),
        (
            {
                "title": "x",
                "stage": "basket",
                "evidence": {"kind": "ticket", "text": "t", "permalink": "javascript:alert(1)"},
            },
            422,
            "permalink",
        ),
    ],
)
def test_bad_pain_points_are_refused_and_change_nothing(
    web_client: FlaskClient, api_token: str, store: Store, body: Any, status: int, says: str
) -> None:
    before = counts(store)
    answer = post(web_client, f"/api/v1/journeys/{CHECKOUT}/pain-points", api_token, body)
    assert answer.status_code == status
    assert says in answer.json["message"]
    assert counts(store) == before


def test_a_body_over_the_limit_is_refused(web_client: FlaskClient, api_token: str) -> None:
    huge = {"title": "x", "stage": "basket", "description": "d" * 300_000}
    answer = post(web_client, f"/api/v1/journeys/{CHECKOUT}/pain-points", api_token, huge)
    assert answer.status_code == 413
    assert answer.json["error"] == "too_large"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/journeys/nope",
        "/api/v1/journeys/nope/pain-points",
        "/api/v1/pain-points/999999",
        "/api/v1/pain-points/-1/evidence",
        "/api/v1/pain-points/99999999999999999999",
    ],
)
def test_unknown_records_are_404_with_a_message(
    web_client: FlaskClient, api_token: str, path: str
) -> None:
    answer = web_client.get(path, headers=bearer(api_token))
    assert answer.status_code == 404
    assert answer.json["error"] == "not_found"


def test_the_openapi_description_is_served(web_client: FlaskClient) -> None:
    answer = web_client.get("/api/v1/openapi.yaml")
    assert answer.status_code == 200
    assert b"openapi: 3.0.3" in answer.data
