"""A real browser opens the map: headless Chromium (Debian's ``chromium``) against the app
served on 127.0.0.1, reads the DOM it built, and saves screenshots to ``test-artifacts/``.

Without chromium the test is skipped, saying so; under CI (CI=true) it fails instead,
since ``.ci/run`` installs chromium.
"""

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from core.share_links import ShareLinks
from tests.conftest import ROOT
from tests.webhooks.conftest import CHECKOUT, CHECKOUT_TITLE, WEB_SECRET_KEY, WORKSPACE

ARTIFACTS = ROOT / "test-artifacts"
STAGE = "Basket review"
PAIN_POINT = "Delivery cost only revealed after the address step"
BROWSER_TIMEOUT = 120


def chromium() -> str:
    """The chromium executable; fails under CI, skips elsewhere, when there is none."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
    pytest.skip("chromium is not installed (apt-get install chromium) to run the browser test")


@pytest.fixture
def served(web_app: Flask) -> Iterator[str]:
    """The app on a real HTTP server on 127.0.0.1, in a thread; its base URL."""
    server = make_server("127.0.0.1", 0, web_app)
    thread = threading.Thread(target=server.serve_forever, name="web-map", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def browse(browser: str, profile: Path, *args: str) -> str:
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=BROWSER_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.slow
def test_chromium_renders_the_map_and_the_embed(
    served: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    browser = chromium()
    links = ShareLinks(WEB_SECRET_KEY, served)
    embed = links.embed_url(WORKSPACE, CHECKOUT)
    pages = {
        "map": f"{served}/journeys/{CHECKOUT}?share={embed.split('share=')[1]}",
        "embed": embed,
    }
    ARTIFACTS.mkdir(exist_ok=True)
    backend = request.node.callspec.params.get("db_url", "db")
    for name, url in pages.items():
        dom = browse(browser, tmp_path / f"profile-{name}", "--dump-dom", url)
        for text in (CHECKOUT_TITLE, STAGE, PAIN_POINT):
            assert text in dom, f"{name} page: {text!r} missing from the DOM"
        assert ('class="topbar"' in dom) == (name == "map")
        shot = ARTIFACTS / f"journey-{name}-{backend}.png"
        shot.unlink(missing_ok=True)
        browse(
            browser,
            tmp_path / f"profile-{name}-shot",
            f"--screenshot={shot}",
            "--window-size=1366,900",
            url,
        )
        assert shot.stat().st_size > 10_000, f"{name}: the screenshot is nearly empty"
        print(f"screenshot of the {name} page: {shot}")
