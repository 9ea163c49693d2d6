"""Socket Mode (SLACK_APP_TOKEN): Slack's envelopes over the websocket the app opens, so
no public URL is needed; ``journeyops serve`` opens it and closes it on SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bots.slack.flask_mount import bolt_app_of
from bots.slack.socket_mode import serve_socket_mode, stop_socket_mode
from core.errors import JourneyOpsError
from core.store import Store
from sandbox.slack import SEED, RunningSandbox
from tests.bots.slack.conftest import Bot, import_journeys, single_workspace
from tests.sandbox.slack.conftest import eventually
from webhooks.app import create_app

JOURNEYOPS = Path(sys.executable).with_name("journeyops")
TEXT = "pain ecommerce-checkout/card-entry: card form rejects spaces"


@pytest.fixture
def socket_bot(
    clean_env: None,
    db_url: str,
    store: Store,
    slack: RunningSandbox,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[Bot]:
    """The app of ``create_app`` connected over Socket Mode (nothing served over HTTP)."""
    caplog.set_level(logging.INFO)
    import_journeys(store)
    settings = single_workspace(db_url, slack, slack_app_token=slack.state.app.app_token)
    handler = serve_socket_mode(create_app(settings, store), settings)
    slack.events.use_socket_mode()
    yield Bot(slack, store, "", caplog)
    slack.socket_mode.close()  # server side first: the client would wait out a read
    stop_socket_mode(handler)


def test_a_mention_over_socket_mode_logs_a_pain_point(socket_bot: Bot) -> None:
    delivery = socket_bot.mention(TEXT)

    assert delivery.acked
    [shown] = socket_bot.ephemerals()
    [pain_point] = socket_bot.pain_points()
    assert pain_point.title == "card form rejects spaces"
    assert "card form rejects spaces" in shown.text


def test_a_retried_envelope_changes_nothing(socket_bot: Bot) -> None:
    first = socket_bot.mention(TEXT)
    socket_bot.ephemerals()

    retry = socket_bot.slack.events.retry(first)

    assert retry.acked
    assert socket_bot.logged("slack.mention.duplicate")
    assert len(socket_bot.pain_points()) == 1


def test_a_refused_app_token_is_reported(
    clean_env: None, db_url: str, store: Store, slack: RunningSandbox
) -> None:
    settings = single_workspace(db_url, slack, slack_app_token="xapp-1-wrong-token")
    app = create_app(settings, store)

    with pytest.raises(JourneyOpsError, match="check SLACK_APP_TOKEN") as refused:
        serve_socket_mode(app, settings)

    assert "xapp-1-wrong-token" not in str(refused.value)
    assert bolt_app_of(app) is not None
    assert slack.socket_mode.connections == 0


def test_serve_connects_over_socket_mode_and_stops_on_sigterm(
    clean_env: None,
    db_url: str,
    store: Store,
    slack: RunningSandbox,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import_journeys(store)
    env = {
        **os.environ,
        "JOURNEYOPS_DATABASE_URL": db_url,
        "JOURNEYOPS_WORKSPACE": "test",
        "SLACK_BOT_TOKEN": SEED.bot_token,
        "SLACK_APP_TOKEN": slack.state.app.app_token,
        "SLACK_API_URL": slack.url,
        "CONFLUENCE_SYNC_MINUTES": "0",
    }
    process = subprocess.Popen(
        [str(JOURNEYOPS), "serve", "--port", "0", "--no-scheduler"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        said = []
        deadline = time.monotonic() + 30
        for line in process.stdout:
            said.append(line)
            if "Socket Mode" in line or time.monotonic() > deadline:
                break
        assert "Slack: connected over Socket Mode\n" in said, "".join(said)
        slack.events.use_socket_mode()

        delivery = slack.events.send(
            slack.events.user_message(SEED.alice, SEED.general, f"<@{SEED.bot_user_id}> {TEXT}")
        )

        assert delivery.acked
        assert eventually(lambda: slack.state.chat.ephemerals_for(SEED.alice), timeout=10)
        assert [p.title for p in Bot(slack, store, "", caplog).pain_points()] == [
            "card form rejects spaces"
        ]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert eventually(lambda: slack.socket_mode.connections == 0)
    finally:
        if process.poll() is None:
            process.kill()
