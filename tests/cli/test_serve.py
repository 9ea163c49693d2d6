"""``journeyops serve`` as a user runs it: a real process answering on a port, stopped by a
signal."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from flask.testing import FlaskClient

from core.settings import load_settings
from core.store import Store
from tests.conftest import CliRun
from webhooks.app import create_app

pytestmark = pytest.mark.usefixtures("clean_env")

JOURNEYOPS = Path(sys.executable).with_name("journeyops")


def wait_for_url(process: subprocess.Popen[str]) -> str:
    """The URL ``serve`` prints once it listens."""
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    for line in process.stdout:
        found = re.search(r"serving (http://\S+)", line)
        if found:
            return found.group(1)
        assert time.monotonic() < deadline, "serve did not say where it listens"
    raise AssertionError(f"serve exited early with {process.wait()}")


def test_serve_answers_health_checks_and_stops_on_sigterm(db_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "JOURNEYOPS_DATABASE_URL": db_url, "CONFLUENCE_SYNC_MINUTES": "0"}
    process = subprocess.Popen(
        [str(JOURNEYOPS), "serve", "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = wait_for_url(process)
        assert httpx.get(f"{url}/healthz", timeout=10).json() == {"status": "ok"}
        ready = httpx.get(f"{url}/readyz", timeout=10)
        assert (ready.status_code, ready.json()) == (200, {"status": "ok"})
        assert httpx.get(f"{url}/nowhere", timeout=10).status_code == 404
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_serve_says_when_the_port_is_taken(journeyops: CliRun) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = journeyops("serve", "--port", str(busy.getsockname()[1]))
    assert result.exit_code == 1
    assert "already in use" in result.output + result.stderr


def test_readyz_is_503_when_the_database_is_away(closed_port: int) -> None:
    store = Store(f"postgresql+psycopg://journeyops:secret@127.0.0.1:{closed_port}/journeyops")
    app = create_app(load_settings(), store)
    client: FlaskClient = app.test_client()
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.get_json()["status"] == "unavailable"
    assert client.get("/healthz").status_code == 200
