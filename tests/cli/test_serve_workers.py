"""``journeyops serve --workers N`` (gunicorn) and ``journeyops scheduler`` as a user runs
them: real processes, stopped by SIGTERM."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tests.cli.test_serve import JOURNEYOPS, wait_for_url
from tests.conftest import POSTGRES_URL
from webhooks.cli.app import cli

pytestmark = pytest.mark.usefixtures("clean_env")


def start(args: list[str], db_url: str, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "JOURNEYOPS_DATABASE_URL": db_url, "CONFLUENCE_SYNC_MINUTES": "0"}
    return subprocess.Popen(
        [str(JOURNEYOPS), *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.skipif(POSTGRES_URL is None, reason="several workers need PostgreSQL")
def test_two_workers_answer_and_stop_on_sigterm(tmp_path: Path) -> None:
    assert POSTGRES_URL is not None
    process = start(["serve", "--workers", "2", "--port", "0"], POSTGRES_URL, tmp_path)
    try:
        url = wait_for_url(process)
        with httpx.Client(timeout=10) as client:
            answers = [client.get(f"{url}/readyz").status_code for _ in range(20)]
        assert answers == [200] * 20
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert process.stdout is not None
    assert "run `journeyops scheduler` beside it" in process.stdout.read()


def test_several_workers_on_sqlite_are_refused(tmp_path: Path) -> None:
    database = tmp_path / "journeyops.db"
    result = CliRunner().invoke(
        cli, ["--database-url", f"sqlite:///{database}", "serve", "--workers", "2"]
    )
    assert result.exit_code == 2
    assert "--workers needs PostgreSQL" in result.output
    assert not database.exists()  # refused before anything was made


def test_the_scheduler_runs_the_jobs_until_sigterm(db_url: str, tmp_path: Path) -> None:
    process = start(["scheduler"], db_url, tmp_path)
    try:
        assert process.stdout is not None
        seen = ""
        deadline = time.monotonic() + 30
        while "Ctrl-C stops." not in seen and time.monotonic() < deadline:
            seen += process.stdout.readline()
        assert re.search(r"journeyops scheduler running \(workspace default\)", seen)
        assert "background jobs:" in seen
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
