"""The digest's Confluence page through the stand-in (Cloud and Data Center), which
checks every request against Atlassian's published API descriptions."""

from collections.abc import Iterator
from dataclasses import replace

import pytest

from connectors.confluence.client import ConfluenceClient
from connectors.confluence.digest_page import DIGEST_LABEL, publish_digest_page
from connectors.confluence.page_job import Outcome
from sandbox.confluence import RunningSandbox, serve_confluence
from tests.bots.slack.digest_samples import digest
from tests.connectors.confluence.test_sync import TOKEN, settings_for

pytestmark = [
    pytest.mark.usefixtures("clean_env"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


@pytest.fixture(params=["cloud", "datacenter"])
def confluence(request: pytest.FixtureRequest) -> Iterator[RunningSandbox]:
    if request.param == "cloud":
        serving = serve_confluence(flavour="cloud", api_token=TOKEN)
    else:
        serving = serve_confluence(flavour="datacenter", pat=TOKEN)
    with serving as running:
        yield running
        assert running.state.violations == [], "a request Confluence would refuse"


def publish(sandbox: RunningSandbox, **changes: object) -> tuple[Outcome, str]:
    client = ConfluenceClient(settings_for(sandbox))
    try:
        page = publish_digest_page(
            client,
            replace(digest(), **changes),  # type: ignore[arg-type]
            space="CX",
            parent_id=sandbox.state.journeys_page.id,
        )
    finally:
        client.close()
    return page.outcome, page.page_id


def test_one_page_per_period_under_the_parent(confluence: RunningSandbox) -> None:
    outcome, page_id = publish(confluence)

    assert outcome is Outcome.CREATED
    page = confluence.state.pages[page_id]
    assert page.title == (
        "Journey digest · Acme <!channel> & <@U0BOB00001> *bold* "
        "<https://evil.example|click> · 2026-11-16 to 2026-11-23"
    )
    assert page.parent_id == confluence.state.journeys_page.id
    assert DIGEST_LABEL in page.labels
    assert "<h2>Reviews overdue</h2>" in page.body
    assert "&lt;!channel&gt; &amp;" in page.body  # people's text escaped
    assert '<ac:parameter ac:name="key">CX-12</ac:parameter>' in page.body


def test_the_same_digest_again_writes_nothing(confluence: RunningSandbox) -> None:
    _, page_id = publish(confluence)
    version = confluence.state.pages[page_id].version.number

    assert publish(confluence) == (Outcome.SKIPPED, page_id)
    assert confluence.state.pages[page_id].version.number == version


def test_a_changed_digest_updates_its_page(confluence: RunningSandbox) -> None:
    _, page_id = publish(confluence)

    outcome, again = publish(confluence, quiet=())

    assert (outcome, again) == (Outcome.UPDATED, page_id)
    page = confluence.state.pages[page_id]
    assert page.version.number == 2
    assert "Quiet" not in page.body


def test_a_late_digest_says_so_on_its_page() -> None:
    from connectors.confluence.digest_page import render_digest_page

    body = render_digest_page(digest(), late=True)
    assert "<strong>This digest is late</strong>: it covers Mon 16 Nov 2026 09:00" in body
    assert "late" not in render_digest_page(digest())
