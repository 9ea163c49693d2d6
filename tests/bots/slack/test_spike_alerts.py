"""Spike alerts through the Slack stand-in (which checks every call against Slack's Web
API description and Block Kit schema): posted once per step and week to the alert
channel, after a pull or after the ticket webhook links the ticket that makes the spike."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from bots.slack.spike_alerts import post_spike_alerts
from bots.slack.web_client import slack_web_client
from core.enums import EvidenceKind
from core.model import Touchpoint, Workspace
from core.services.evidence import EvidenceInput, attach_evidence
from core.store import Store
from sandbox.slack import SEED, RunningSandbox
from tests.bots.slack.conftest import WORKSPACE, import_journeys, single_workspace
from tests.sandbox.slack.conftest import eventually
from webhooks.app import create_app

ALERTS = SEED.general
ZENDESK_SECRET = "zendesk-secret-for-spike-tests"
TICKET_EVENT = Path(__file__).parents[2] / "webhooks/fixtures/zendesk/ticket_created.json"


def prepare(store: Store, channel: str | None = ALERTS, tickets: int = 0) -> None:
    """The checkout journeys, a Zendesk rule on card-entry, ``tickets`` of them this week."""
    import_journeys(store)
    with store.unit_of_work(WORKSPACE) as uow:
        uow.session.execute(
            update(Workspace).where(Workspace.id == uow.workspace_id).values(alert_channel=channel)
        )
        step = uow.session.scalar(select(Touchpoint).where(Touchpoint.key == "card-entry"))
        assert step is not None
        step.ticket_rules = [{"source": "zendesk", "tags": ["card-declined"]}]
        for n in range(tickets):
            proof = EvidenceInput(
                EvidenceKind.TICKET,
                f"Card declined <!channel> #{n}",
                "zendesk",
                f"{n}",
                captured_at=datetime.now(UTC) - timedelta(minutes=n),
            )
            attach_evidence(uow, step, proof)


def check(store: Store, db_url: str, slack: RunningSandbox) -> int:
    settings = single_workspace(db_url, slack)
    return post_spike_alerts(store, settings, slack_web_client(settings, SEED.bot_token), WORKSPACE)


def test_a_spike_posts_one_alert_to_the_alert_channel(
    store: Store, db_url: str, slack: RunningSandbox, clean_env: None
) -> None:
    prepare(store, tickets=6)

    assert check(store, db_url, slack) == 1
    assert check(store, db_url, slack) == 0  # the same week stays quiet

    [alert] = slack.state.chat.bot_messages(ALERTS)
    shown = str(alert.blocks) + alert.text
    for part in (
        "Ticket volume spike",
        "Northwind Outfitters mobile checkout",
        "Payment \u203a Card details form",
        "*6* tickets",
        "Counted by: zendesk: tags card-declined",
    ):
        assert part in shown, part


def test_no_alert_channel_or_too_few_tickets_posts_nothing(
    store: Store, db_url: str, slack: RunningSandbox, clean_env: None
) -> None:
    prepare(store, channel=None, tickets=6)
    assert check(store, db_url, slack) == 0
    with store.unit_of_work(WORKSPACE) as uow:
        uow.session.execute(
            update(Workspace).where(Workspace.id == uow.workspace_id).values(alert_channel=ALERTS)
        )
    settings = single_workspace(db_url, slack, journeyops_spike_min_tickets=7)
    client = slack_web_client(settings, SEED.bot_token)
    assert post_spike_alerts(store, settings, client, WORKSPACE) == 0
    assert slack.state.chat.bot_messages(ALERTS) == []


def test_the_webhook_that_links_the_fifth_ticket_alerts_after_answering(
    store: Store, db_url: str, slack: RunningSandbox, clean_env: None
) -> None:
    prepare(store, tickets=4)
    settings = single_workspace(
        db_url,
        slack,
        zendesk_url="https://acme.zendesk.com",
        zendesk_email="care@acme.test",
        zendesk_api_token="zd-token",
        zendesk_webhook_secret=ZENDESK_SECRET,
    )
    client = create_app(settings, store).test_client()
    body = TICKET_EVENT.read_bytes()
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    signature = hmac.new(ZENDESK_SECRET.encode(), stamp.encode() + body, hashlib.sha256).digest()

    answer = client.post(
        "/webhooks/tickets/zendesk",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Zendesk-Webhook-Signature": base64.b64encode(signature).decode(),
            "X-Zendesk-Webhook-Signature-Timestamp": stamp,
        },
    )

    assert answer.json == {"outcome": "linked"}
    [alert] = eventually(lambda: slack.state.chat.bot_messages(ALERTS))
    assert "*5* tickets" in str(alert.blocks)
    assert json.loads(body)["detail"]["id"] == "48213"
