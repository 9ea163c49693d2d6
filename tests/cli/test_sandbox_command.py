"""``journeyops sandbox``: the stand-ins on 127.0.0.1 until Ctrl-C, with the variables
that point journeyops at them."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.cli.test_serve import JOURNEYOPS

pytestmark = pytest.mark.usefixtures("clean_env")


def started(args: list[str], tmp_path: Path) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "JOURNEYOPS_DATABASE_URL": f"sqlite:///{tmp_path / 'j.db'}"}
    process = subprocess.Popen(
        [str(JOURNEYOPS), "sandbox", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    seen = ""
    deadline = time.monotonic() + 60
    while "Ctrl-C stops." not in seen:
        line = process.stdout.readline()
        assert line and time.monotonic() < deadline, f"the sandbox stopped early:\n{seen}"
        seen += line
    return process, seen


def variable(printed: str, name: str) -> str:
    found = re.search(rf"^export {name}=(\S+)$", printed, re.M)
    assert found, printed
    return found.group(1)


def test_the_stand_ins_answer_with_the_printed_settings_until_ctrl_c(tmp_path: Path) -> None:
    process, printed = started([], tmp_path)
    try:
        jira = httpx.get(
            f"{variable(printed, 'JIRA_URL')}/rest/api/3/myself",
            auth=(variable(printed, "JIRA_USERNAME"), variable(printed, "JIRA_API_TOKEN")),
            timeout=10,
        )
        slack = httpx.post(
            f"{variable(printed, 'SLACK_API_URL')}auth.test",
            headers={"Authorization": f"Bearer {variable(printed, 'SLACK_BOT_TOKEN')}"},
            timeout=10,
        )
        space = variable(printed, "CONFLUENCE_SPACE")

        assert jira.status_code == 200
        assert slack.json()["ok"] is True
        assert space == "CX" and variable(printed, "CONFLUENCE_CLOUD") == "true"
        assert "JOURNEYOPS_DATABASE_URL" not in printed  # ours, not the stand-ins'
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_only_the_systems_named_run(tmp_path: Path) -> None:
    process, printed = started(["slack"], tmp_path)
    try:
        assert "SLACK_API_URL" in printed and "JIRA_URL" not in printed
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
