"""``journeyops demo`` as `make demo` runs it: the whole loop, then the maps served on
127.0.0.1 until Ctrl-C; the printed links open the maps without a login."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.cli.test_serve import JOURNEYOPS
from tests.conftest import EXAMPLES, CliRun

pytestmark = [pytest.mark.usefixtures("clean_env"), pytest.mark.slow]


def test_the_demo_prints_links_that_open_the_maps_and_serves_until_ctrl_c(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "JOURNEYOPS_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    process = subprocess.Popen(
        [str(JOURNEYOPS), "demo", "--examples", str(EXAMPLES), "--port", "0"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        seen = ""
        deadline = time.monotonic() + 240
        while "Serving until Ctrl-C" not in seen:
            line = process.stdout.readline()
            assert line and time.monotonic() < deadline, f"the demo stopped early:\n{seen}"
            seen += line
        map_url = re.search(r"map +(http://\S+/journeys/ecommerce-checkout\?share=\S+)", seen)
        embed_url = re.search(r"embed +(http://\S+/journeys/ecommerce-checkout/embed\S+)", seen)
        token = re.search(r"log in with the API token (\S+)\)", seen)
        assert map_url and embed_url and token, seen
        page = httpx.get(map_url.group(1), timeout=20)
        embed = httpx.get(embed_url.group(1), timeout=20)
        base = map_url.group(1).split("/journeys/")[0]
        api = httpx.get(
            f"{base}/api/v1/journeys", headers={"Authorization": f"Bearer {token.group(1)}"}
        )

        assert page.status_code == 200 and "Northwind Outfitters" in page.text
        # The pain point the demo logged from Slack is on the map.
        assert "3DS check never comes back" in page.text
        assert (
            embed.status_code == 200
            and "frame-ancestors" in embed.headers["content-security-policy"]
        )
        assert {j["key"] for j in api.json()["journeys"]} >= {"ecommerce-checkout"}
        assert httpx.get(f"{base}/journeys", timeout=20).status_code in (302, 401)

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_no_wait_prints_the_links_and_exits(journeyops: CliRun) -> None:
    result = journeyops("demo", "--examples", str(EXAMPLES), "--no-wait", "--port", "0")

    assert result.exit_code == 0, result.output
    assert "The maps in a browser" in result.output
    assert re.search(
        r"embed +http://127\.0\.0\.1:\d+/journeys/ecommerce-checkout/embed\?share=", result.output
    )
    assert "Serving until Ctrl-C" not in result.output
