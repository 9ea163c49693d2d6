"""Several processes on one PostgreSQL, as a team runs journeyops: ``journeyops serve
--workers 2`` (gunicorn) and ``journeyops scheduler``, with the Slack and Jira stand-ins
on loopback. A Slack event delivered twice (Slack's retry), and a Jira webhook delivered
twice, are each handled once, whichever worker takes each delivery."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from atlassian import Jira
from sqlalchemy import func, select, update

from connectors.jira.publish_run import sync_workspace
from core.enums import Origin
from core.model import Event, JobRun, Workspace
from core.services.journey_files import import_journey_files
from core.settings import load_settings
from core.store import Store
from sandbox.jira import RunningSandbox as JiraSandbox
from sandbox.jira import serve_jira
from sandbox.slack import SEED, serve_slack
from sandbox.slack import RunningSandbox as SlackSandbox
from tests.cli.test_serve import JOURNEYOPS, wait_for_url
from tests.conftest import EXAMPLES, POSTGRES_URL
from tests.sandbox.slack.conftest import eventually

pytestmark = [
    pytest.mark.usefixtures("clean_env"),
    pytest.mark.skipif(POSTGRES_URL is None, reason="several processes need PostgreSQL"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

JIRA_TOKEN = "sandbox-jira-token-1234"
JIRA_SECRET = "multi-process-webhook-secret"
MENTION = f"<@{SEED.bot_user_id}> pain ecommerce-checkout/card-entry: card form rejects spaces"


@dataclass
class Team:
    """Two web workers and a scheduler, the stand-ins they talk to, and the database."""

    url: str
    store: Store
    slack: SlackSandbox
    jira: JiraSandbox
    env: dict[str, str]

    def count(self, action: str, origin: Origin) -> int:
        """Changes ``action`` made from ``origin`` (the import makes pain points too)."""
        with self.store.unit_of_work("default") as uow:
            query = (
                select(func.count())
                .select_from(Event)
                .where(Event.action == action, Event.origin == origin.value)
            )
            return int(uow.session.scalar(query) or 0)


def _stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def team(postgres_migrated: str, tmp_path: Path) -> Iterator[Team]:
    store = Store(postgres_migrated)
    store.ensure_ready()
    with serve_slack() as slack, serve_jira(flavour="cloud", api_token=JIRA_TOKEN) as jira:
        env = {
            **os.environ,
            "JOURNEYOPS_DATABASE_URL": postgres_migrated,
            "SLACK_BOT_TOKEN": SEED.bot_token,
            "SLACK_SIGNING_SECRET": slack.state.app.signing_secret,
            "SLACK_API_URL": slack.url,
            "JIRA_URL": jira.url,
            "JIRA_USERNAME": "cx@example.com",
            "JIRA_API_TOKEN": JIRA_TOKEN,
            "JIRA_CLOUD": "true",
            "JIRA_PROJECT": "CX",
            "JIRA_WEBHOOK_SECRET": JIRA_SECRET,
            "CONFLUENCE_SYNC_MINUTES": "0",
        }
        with store.unit_of_work("default", origin=Origin.IMPORT) as uow:
            import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
        run = {"cwd": tmp_path, "env": env, "text": True, "stdout": subprocess.PIPE}
        web = subprocess.Popen(
            [str(JOURNEYOPS), "-v", "serve", "--workers", "2", "--port", "0"],
            stderr=subprocess.STDOUT,
            **run,  # type: ignore[call-overload]
        )
        scheduler = subprocess.Popen(
            [str(JOURNEYOPS), "-v", "scheduler"],
            stderr=subprocess.STDOUT,
            **run,  # type: ignore[call-overload]
        )
        try:
            url = wait_for_url(web)
            slack.events.configure(f"{url}/slack/events")
            jira.webhooks.configure(f"{url}/webhooks/jira", JIRA_SECRET)
            yield Team(url, store, slack, jira, env)
        finally:
            _stop(web)
            _stop(scheduler)
            store.dispose()
            for process in (web, scheduler):
                assert process.stdout is not None
                print(process.stdout.read())  # shown when a test fails
        assert slack.state.violations == [], "a request Slack would refuse"
        assert jira.state.violations == [], "a request Jira would refuse"


def test_a_slack_event_delivered_twice_is_handled_once(team: Team) -> None:
    events = team.slack.events
    first = events.send(events.user_message(SEED.alice, SEED.general, MENTION))
    again = events.retry(first)
    third = events.retry(again, reason="http_error")

    assert [first.status, again.status, third.status] == [200, 200, 200]
    assert eventually(lambda: team.count("pain_point.created", Origin.SLACK) == 1, timeout=20)
    assert eventually(lambda: team.slack.state.chat.ephemerals_for(SEED.alice), timeout=20)
    # Whichever worker took the retries, they changed nothing and answered no one.
    assert team.count("pain_point.created", Origin.SLACK) == 1
    assert len(team.slack.state.chat.ephemerals_for(SEED.alice)) == 1


def test_a_jira_webhook_delivered_twice_is_applied_once(team: Team) -> None:
    settings = load_settings(
        journeyops_database_url=team.env["JOURNEYOPS_DATABASE_URL"],
        jira_url=team.jira.url,
        jira_username="cx@example.com",
        jira_api_token=JIRA_TOKEN,
        jira_cloud=True,
        jira_project="CX",
        jira_rate_limit=0,
    )
    results = sync_workspace(team.store, settings, actor="test")
    epic = next(r.issue_key for r in results if r.record == "delivery-cost-in-basket")
    assert epic is not None
    client = Jira(url=team.jira.url, username="cx@example.com", password=JIRA_TOKEN, cloud=True)

    assert team.jira.webhooks.wait_idle(20)  # the epics' issue_created deliveries
    before = len(team.jira.webhooks.deliveries)

    client.set_issue_status(epic, "Done")
    assert team.jira.webhooks.wait_idle(20)
    [delivery] = team.jira.webhooks.deliveries[before:]
    team.jira.webhooks.redeliver(delivery)
    team.jira.webhooks.redeliver(delivery)
    assert team.jira.webhooks.wait_idle(20)

    sent = team.jira.webhooks.deliveries[before:]
    assert [attempt for d in sent for attempt in d.attempts] == [200] * 3
    assert team.count("opportunity.status_changed", Origin.JIRA) == 1
    assert team.count("pain_point.fix_shipped", Origin.JIRA) == 1


def test_two_schedulers_post_each_digest_once(team: Team, tmp_path: Path) -> None:
    with team.store.unit_of_work("default") as uow:
        # Every minute, so a period is over now (set without the log entry that would
        # hold back the period that ended before the channel was set).
        uow.session.execute(
            update(Workspace)
            .where(Workspace.id == uow.workspace_id)
            .values(digest_channel=SEED.general, digest_cron="* * * * *")
        )
    second = subprocess.Popen(
        [str(JOURNEYOPS), "scheduler"],
        cwd=tmp_path,
        env=team.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Both schedulers (the fixture's and this one) check the digest as they start.
        assert eventually(lambda: team.slack.state.chat.bot_messages(SEED.general), timeout=60)
        time.sleep(3)  # a second post, if there were one, would be out by now
    finally:
        _stop(second)

    with team.store.unit_of_work("default") as uow:
        done = list(
            uow.session.execute(
                select(JobRun.period, JobRun.attempts).where(
                    JobRun.job == "digest", JobRun.state == "done"
                )
            )
        )
    digests = [
        m for m in team.slack.state.chat.bot_messages(SEED.general) if "Journey digest" in m.text
    ]
    assert len(done) >= 1 and all(attempts == 1 for _, attempts in done)
    assert len(digests) == len(done)  # one message per period (a small workspace)
