"""Fixtures for the bot end to end: the Slack stand-in, and journeyops' own Flask app
(``create_app``, as ``journeyops serve`` runs it) served on loopback, receiving really
signed requests from the stand-in, over a store holding the example checkout journeys.

The bot answers after its ack, in Bolt's threads: tests wait for what it does with
``eventually``, and for what it must not do with its log lines (``logged``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from core.enums import Origin
from core.model import Event, Evidence, PainPoint
from core.services.journey_files import import_journey_files
from core.settings import Settings
from core.store import Store
from sandbox.slack import SEED, RunningSandbox, serve_slack
from sandbox.slack.deliveries import Delivery
from sandbox.slack.model import Ephemeral
from tests.conftest import EXAMPLES
from tests.sandbox.slack.conftest import eventually
from webhooks.app import create_app

WORKSPACE = "test"
MENTION = f"<@{SEED.bot_user_id}>"
JOURNEY_FILES = ("ecommerce-checkout.yaml", "checkout-future.yaml")


@pytest.fixture
def slack() -> Iterator[RunningSandbox]:
    """The stand-in; a request Slack would refuse fails the test at teardown."""
    with serve_slack() as running:
        yield running
        assert running.state.violations == [], "a request Slack would refuse"


def import_journeys(store: Store, workspace: str = WORKSPACE) -> None:
    with store.unit_of_work(workspace, origin=Origin.IMPORT) as uow:
        import_journey_files(uow, [EXAMPLES / name for name in JOURNEY_FILES])


def single_workspace(
    db_url: str, slack: RunningSandbox, workspace: str = WORKSPACE, **more: Any
) -> Settings:
    """Settings of the one-workspace mode against the stand-in."""
    return Settings(
        journeyops_database_url=db_url,
        journeyops_workspace=workspace,
        slack_bot_token=SEED.bot_token,
        slack_signing_secret=slack.state.app.signing_secret,
        slack_api_url=slack.url,
        confluence_sync_minutes=0,
        **more,
    )


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """``app`` on 127.0.0.1 (threaded, as ``journeyops serve`` runs it); its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@dataclass
class Bot:
    """The served app as the tests see it: what to send, and what came of it."""

    slack: RunningSandbox
    store: Store
    url: str
    caplog: pytest.LogCaptureFixture
    workspace: str = WORKSPACE

    def mention(
        self,
        text: str,
        *,
        user: str = SEED.alice,
        channel: str = SEED.general,
        thread_ts: str | None = None,
    ) -> Delivery:
        request = self.slack.events.user_message(
            user, channel, f"{MENTION} {text}", thread_ts=thread_ts
        )
        return self.slack.events.send(request)

    def say(self, text: str, *, user: str = SEED.bob, thread_ts: str | None = None) -> str:
        """A person's message in #general that does not mention the bot; its ts."""
        request = self.slack.events.user_message(user, SEED.general, text, thread_ts=thread_ts)
        return str(request.payload["event"]["ts"])

    def ephemerals(self, count: int = 1, user: str = SEED.alice) -> list[Ephemeral]:
        """The first ``count`` private answers to ``user`` (waits for them)."""
        found = eventually(lambda: len(self.slack.state.chat.ephemerals_for(user)) >= count)
        assert found, f"expected {count} ephemeral message(s) for {user}"
        return self.slack.state.chat.ephemerals_for(user)

    def click(
        self, action_id: str, shown: Ephemeral, value: Any = None, user: str = SEED.alice
    ) -> Delivery:
        request = self.slack.events.block_action(
            user, action_id, channel_id=shown.channel, message_ts=shown.ts, value=value
        )
        return self.slack.events.send(request)

    def logged(self, event_key: str, count: int = 1) -> bool:
        """Waits until the app logged ``event_key`` ``count`` times."""
        return bool(eventually(lambda: self.caplog.messages.count(event_key) >= count))

    def pain_points(self) -> list[PainPoint]:
        """The pain points logged from Slack (the imported journeys hold others), with
        their stage and step loaded."""
        with self.store.unit_of_work(self.workspace) as uow:
            uow.session.expire_on_commit = False
            created = select(Event.record_id).where(
                Event.action == "pain_point.created", Event.origin == Origin.SLACK.value
            )
            query = select(PainPoint).where(PainPoint.id.in_(created)).order_by(PainPoint.id)
            found = list(uow.session.scalars(query))
            for pain_point in found:
                _ = (pain_point.stage.key, pain_point.touchpoint, pain_point.journey.key)
            return found

    def evidence(self) -> list[Evidence]:
        """The evidence attached from Slack."""
        with self.store.unit_of_work(self.workspace) as uow:
            uow.session.expire_on_commit = False
            attached = select(Event.record_id).where(
                Event.action == "evidence.attached", Event.origin == Origin.SLACK.value
            )
            query = select(Evidence).where(Evidence.id.in_(attached)).order_by(Evidence.id)
            return list(uow.session.scalars(query))

    def events(self) -> list[tuple[str, str, str]]:
        """(action, actor, origin) of every change made from Slack."""
        with self.store.unit_of_work(self.workspace) as uow:
            rows = uow.session.execute(
                select(Event.action, Event.actor, Event.origin)
                .where(Event.origin == Origin.SLACK.value)
                .order_by(Event.id)
            )
            return [(action, actor, origin) for action, actor, origin in rows]

    def workspaces(self) -> dict[str, str | None]:
        return {w.key: w.slack_team_id for w in self.store.workspaces()}


@pytest.fixture
def bot(
    clean_env: None,
    db_url: str,
    store: Store,
    slack: RunningSandbox,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[Bot]:
    """The one-workspace bot: SLACK_BOT_TOKEN's team is workspace ``test``."""
    caplog.set_level(logging.INFO)
    import_journeys(store)
    with served(create_app(single_workspace(db_url, slack), store)) as url:
        slack.events.configure(f"{url}/slack/events")
        yield Bot(slack, store, url, caplog)
