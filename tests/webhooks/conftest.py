"""Fixtures: the Flask app over a test store holding the example checkout journey, and
really signed Jira deliveries (fixtures/jira/*.json, named after the event they hold)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from core.enums import Origin, RecordType
from core.model import Event, Link, Opportunity, PainPoint, WebhookDelivery
from core.services.journey_files import import_journey_files
from core.services.links import link_record
from core.settings import Settings
from core.store import Store
from tests.conftest import EXAMPLES
from webhooks.app import create_app
from webhooks.signatures import hub_signature

SECRET = "jira-webhook-secret-for-tests"
WORKSPACE = "test"
FIXTURES = Path(__file__).parent / "fixtures" / "jira"
OPPORTUNITY = "delivery-cost-in-basket"
PAIN_POINT = "hidden-delivery-cost"


def fixture(name: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return payload


def issue_updated(category: str, timestamp: int, **fields: Any) -> dict[str, Any]:
    """``issue_updated__done`` with another status category, time stamp or fields."""
    payload = fixture("issue_updated__done")
    payload["timestamp"] = timestamp
    payload["issue"]["fields"]["status"]["statusCategory"]["key"] = category
    payload["issue"]["fields"].update(fields)
    return payload


def settings_for(db_url: str, secret: str | None = SECRET) -> Settings:
    return Settings(
        journeyops_database_url=db_url, journeyops_workspace=WORKSPACE, jira_webhook_secret=secret
    )


@dataclass
class Journal:
    """What the store holds of the checkout journey, read in fresh units of work."""

    store: Store

    def opportunity_status(self, key: str = OPPORTUNITY) -> str:
        with self.store.unit_of_work(WORKSPACE) as uow:
            return uow.session.scalars(
                select(Opportunity.status).where(Opportunity.key == key)
            ).one()

    def set_opportunity_status(self, status: str, key: str = OPPORTUNITY) -> None:
        with self.store.unit_of_work(WORKSPACE, actor="cx-lead") as uow:
            found = uow.session.scalars(select(Opportunity).where(Opportunity.key == key)).one()
            found.status = status

    def pain_status(self, key: str = PAIN_POINT) -> str:
        with self.store.unit_of_work(WORKSPACE) as uow:
            return uow.session.scalars(select(PainPoint.status).where(PainPoint.key == key)).one()

    def events(self) -> list[tuple[str, str, str]]:
        """(action, actor, origin) of every event after the import."""
        with self.store.unit_of_work(WORKSPACE) as uow:
            rows = uow.session.execute(
                select(Event.action, Event.actor, Event.origin)
                .where(Event.origin != Origin.IMPORT.value)
                .order_by(Event.id)
            )
            return [(action, actor, origin) for action, actor, origin in rows]

    def deliveries(self) -> int:
        with self.store.unit_of_work(WORKSPACE) as uow:
            found = uow.session.scalar(select(func.count()).select_from(WebhookDelivery))
            return int(found or 0)

    def link(self, key: str) -> Link:
        with self.store.unit_of_work(WORKSPACE) as uow:
            uow.session.expire_on_commit = False
            return uow.session.scalars(select(Link).where(Link.external_id == key)).one()

    def link_issue(
        self, key: str, *, record: str = OPPORTUNITY, state: dict[str, Any] | None = None
    ) -> None:
        """Link the opportunity (or, with ``record=PAIN_POINT``, the pain point) to ``key``."""
        model: type[Opportunity | PainPoint] = Opportunity if record == OPPORTUNITY else PainPoint
        kind = RecordType.OPPORTUNITY if record == OPPORTUNITY else RecordType.PAIN_POINT
        with self.store.unit_of_work(WORKSPACE, actor="sync") as uow:
            record_id = uow.session.scalars(select(model.id).where(model.key == record)).one()
            link = link_record(
                uow,
                kind,
                record_id,
                system="jira",
                kind="epic" if record == OPPORTUNITY else "issue",
                external_id=key,
            )
            link.state = state or {}


@pytest.fixture
def journal(store: Store) -> Journal:
    """The example checkout journey, imported into the test workspace."""
    with store.unit_of_work(WORKSPACE, origin=Origin.IMPORT) as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
    return Journal(store)


@pytest.fixture
def app(clean_env: None, db_url: str, store: Store, journal: Journal) -> Flask:
    return create_app(settings_for(db_url), store)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


Post = Callable[..., TestResponse]


@pytest.fixture
def post(client: FlaskClient) -> Post:
    """POST a delivery: ``payload`` (a dict, or raw bytes) signed with ``secret`` unless a
    ``signature`` is given (None: no header), with ``delivery`` as its identifier."""

    def send(
        payload: dict[str, Any] | bytes,
        *,
        secret: str = SECRET,
        signature: str | bool | None = True,
        delivery: str | None = "generate",
    ) -> TestResponse:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if signature is True:
            headers["X-Hub-Signature"] = hub_signature(secret, body)
        elif isinstance(signature, str):
            headers["X-Hub-Signature"] = signature
        if delivery is not None:
            headers["X-Atlassian-Webhook-Identifier"] = (
                str(uuid.uuid4()) if delivery == "generate" else delivery
            )
        return client.post("/webhooks/jira", data=body, headers=headers)

    return send


# -- the web map and the JSON API ----------------------------------------------------------

WEB_SECRET_KEY = "web-secret-key-for-tests-0123456789abcdef"
PUBLIC_URL = "http://journeyops.test"
CONFLUENCE_SITE = "https://acme.atlassian.net"
CHECKOUT = "ecommerce-checkout"
CHECKOUT_TITLE = "Northwind Outfitters mobile checkout (current state)"


def web_settings(db_url: str, **overrides: Any) -> Settings:
    """Settings with the web map on: a secret key, a public URL and a Confluence site."""
    values: dict[str, Any] = {
        "journeyops_database_url": db_url,
        "journeyops_workspace": WORKSPACE,
        "journeyops_secret_key": WEB_SECRET_KEY,
        "journeyops_public_url": PUBLIC_URL,
        "confluence_url": f"{CONFLUENCE_SITE}/wiki",
        "confluence_username": "cx@acme.example",
        "confluence_api_token": "confluence-token",
        **overrides,
    }
    return Settings(**values)


@pytest.fixture
def web_app(clean_env: None, db_url: str, store: Store, journal: Journal) -> Flask:
    """The app with the web map on, over the example checkout journey."""
    return create_app(web_settings(db_url), store)


@pytest.fixture
def web_client(web_app: Flask) -> FlaskClient:
    return web_app.test_client()


@pytest.fixture
def api_token(store: Store, journal: Journal) -> str:
    """An active API token of the test workspace, named ``tester``."""
    from core.services.api_tokens import create_api_token

    with store.unit_of_work(WORKSPACE, actor="cli:admin") as uow:
        _, token = create_api_token(uow, "tester")
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
