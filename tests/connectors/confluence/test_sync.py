"""Publishing journeys to Confluence, end to end: the real client against the sandbox
stand-in (Cloud and Data Center), which checks every request against the vendor specs."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from connectors.confluence.client import ConfluenceClient
from connectors.confluence.sync import LABEL, LINK_KIND, ConfluencePublisher, Outcome, PageResult
from core.enums import Impact, RecordType
from core.model import Link
from core.services.journey_files import import_journey_files, read_journey_files
from core.services.journey_import import apply_journey_document
from core.services.links import links_of
from core.services.lookup import journey_by_key
from core.services.pain_points import log_pain_point
from core.settings import Settings, load_settings
from core.share_links import ShareLinks
from core.store import Store
from sandbox.confluence import RunningSandbox, serve_confluence
from tests.conftest import EXAMPLES, CliRun

pytestmark = [
    pytest.mark.usefixtures("clean_env"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

TOKEN = "sandbox-token-1234"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
KEYS = ["b2b-saas-onboarding", "checkout-future", "ecommerce-checkout"]


@pytest.fixture(params=["cloud", "datacenter"])
def confluence(request: pytest.FixtureRequest) -> Iterator[RunningSandbox]:
    credentials = {"api_token": TOKEN} if request.param == "cloud" else {"pat": TOKEN}
    with serve_confluence(flavour=request.param, **credentials) as running:
        yield running
        assert running.state.violations == [], "a request Confluence would refuse"


def settings_for(sandbox: RunningSandbox, rate_limit: float = 0) -> Settings:
    cloud = sandbox.flavour == "cloud"
    return load_settings(
        confluence_rate_limit=rate_limit,
        confluence_url=sandbox.url,
        confluence_username="cx-lead@example.com" if cloud else None,
        confluence_api_token=TOKEN,
        confluence_cloud=cloud,
        confluence_space="CX",
        confluence_parent_page=sandbox.state.journeys_page.id,
    )


class Run:
    """Publishes through a real client and remembers the waits it asked for."""

    def __init__(self, store: Store, sandbox: RunningSandbox) -> None:
        self.store = store
        self.sandbox = sandbox
        self.sleeps: list[float] = []
        self.concurrency = 4
        self.rate_limit = 0.0  # the cap has its own test; here waits are retries only
        self.clock = 0.0  # the rate cap's clock: moves only when the client waits
        self.share: ShareLinks | None = None

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock += seconds

    def __call__(self, *keys: str, dry_run: bool = False, force: bool = False) -> list[PageResult]:
        client = ConfluenceClient(
            settings_for(self.sandbox, self.rate_limit),
            sleep=self.sleep,
            clock=lambda: self.clock,
        )
        try:
            with self.store.unit_of_work("w") as uow:
                publisher = ConfluencePublisher(
                    uow,
                    client,
                    space="CX",
                    parent_id=self.sandbox.state.journeys_page.id,
                    source_hint="journeyops export {key}",
                    concurrency=self.concurrency,
                    now=NOW,
                    share=self.share,
                )
                return publisher.publish(list(keys) or None, dry_run=dry_run, force=force)
        finally:
            client.close()


@pytest.fixture
def publish(store: Store, confluence: RunningSandbox) -> Run:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES])
    return Run(store, confluence)


def outcomes(results: list[PageResult]) -> dict[str, Outcome]:
    return {r.key: r.outcome for r in results}


def our_pages(sandbox: RunningSandbox) -> list:  # type: ignore[type-arg]
    return [p for p in sandbox.state.pages.values() if LABEL in p.labels]


@pytest.mark.parametrize("concurrency", [1, 4])
def test_first_sync_creates_one_labelled_page_per_journey(
    publish: Run, confluence: RunningSandbox, concurrency: int
) -> None:
    publish.concurrency = concurrency
    results = publish()
    assert outcomes(results) == dict.fromkeys(KEYS, Outcome.CREATED)
    counts = confluence.state.counts()
    # One search finds what exists (the parent's children included): no read per page.
    assert counts["read"] <= 2  # the search, and on Cloud the space's id
    assert counts["page_write"] == 3
    assert counts["attachment_write"] == 3, "SVG and PNG go up in one request per page"
    pages = our_pages(confluence)
    assert len(pages) == 3
    parent = confluence.state.journeys_page.id
    for page in pages:
        assert page.parent_id == parent
        key = next(k for k in KEYS if f"journey-{k}" in page.labels)
        assert "journeyops" in {prop.key for prop in page.properties.values()}
        assert sorted(a.title for a in page.attachments.values()) == [
            f"emotion-curve-{key}.png",
            f"emotion-curve-{key}.svg",
        ]
    checkout = next(p for p in pages if "journey-ecommerce-checkout" in p.labels)
    assert "Delivery cost only revealed" in checkout.body
    with publish.store.unit_of_work("w") as uow:
        links = links_of(uow, RecordType.JOURNEY, journey_by_key(uow, "ecommerce-checkout").id)
        [link] = [link for link in links if link.kind == LINK_KIND]
        assert link.url == f"{confluence.url}/pages/viewpage.action?pageId={checkout.id}"


def test_pages_link_to_the_web_map_with_a_share_link_renewed_weekly(
    publish: Run, confluence: RunningSandbox
) -> None:
    links = ShareLinks("confluence-test-secret-key-0123456789abcdef", "https://map.acme.test")
    publish.share = links
    publish()
    checkout = next(p for p in our_pages(confluence) if "journey-ecommerce-checkout" in p.labels)
    url = re.search(
        r'href="(https://map\.acme\.test/journeys/ecommerce-checkout/embed\?share=[^"]+)"',
        checkout.body,
    )
    assert url is not None, "the page links to the embed view"
    shared = links.read(url.group(1).split("share=")[1], now=NOW)
    assert (shared.workspace, shared.journey) == ("w", "ecommerce-checkout")
    with publish.store.unit_of_work("w") as uow:  # render every page again, same week
        for link in uow.session.scalars(select(Link).where(Link.system == "confluence")):
            link.synced_at = None
    before = confluence.state.counts()["page_write"]
    assert set(outcomes(publish()).values()) == {Outcome.SKIPPED}
    assert confluence.state.counts()["page_write"] == before, "the same link all week"


def test_an_unchanged_resync_costs_one_read_and_no_write(
    publish: Run, confluence: RunningSandbox
) -> None:
    publish()
    confluence.state.clear_requests()
    results = publish()
    assert outcomes(results) == dict.fromkeys(KEYS, Outcome.SKIPPED)
    counts = confluence.state.counts()
    assert counts["read"] == 1
    assert sum(n for kind, n in counts.items() if kind != "read") == 0


def test_a_changed_journey_rewrites_only_its_page(
    publish: Run, confluence: RunningSandbox, store: Store
) -> None:
    publish()
    with store.unit_of_work("w") as uow:
        log_pain_point(
            uow,
            "b2b-saas-onboarding",
            "SSO setup guide is outdated",
            stage_key="kickoff",
            impact=Impact.WORKAROUND,
        )
    confluence.state.clear_requests()
    results = publish()
    assert outcomes(results) == {
        "b2b-saas-onboarding": Outcome.UPDATED,
        "checkout-future": Outcome.SKIPPED,
        "ecommerce-checkout": Outcome.SKIPPED,
    }
    counts = confluence.state.counts()
    assert counts["page_write"] == 1
    assert counts["attachment_write"] == 0, "the emotion curve did not change"
    assert counts["read"] == 1, "the search brought versions, labels and our property"
    page = next(p for p in our_pages(confluence) if "journey-b2b-saas-onboarding" in p.labels)
    assert "SSO setup guide is outdated" in page.body
    assert page.version.number == 2


def test_a_changed_emotion_uploads_the_curve_once(
    publish: Run, confluence: RunningSandbox, store: Store
) -> None:
    publish()
    [document] = [
        d.data
        for d in read_journey_files([EXAMPLES / "ecommerce-checkout.yaml"])
        if d.data["key"] == "ecommerce-checkout"
    ]
    touchpoint = document["stages"][0]["touchpoints"][0]
    touchpoint["emotion"] = -2 if touchpoint.get("emotion", 0) >= 0 else 2
    with store.unit_of_work("w") as uow:
        apply_journey_document(uow, document)
    confluence.state.clear_requests()
    [result] = publish("ecommerce-checkout")
    assert result.outcome == Outcome.UPDATED
    counts = confluence.state.counts()
    assert (counts["page_write"], counts["attachment_write"]) == (1, 1)
    [page] = [p for p in our_pages(confluence) if "journey-ecommerce-checkout" in p.labels]
    assert {a.title: a.version.number for a in page.attachments.values()} == {
        "emotion-curve-ecommerce-checkout.png": 2,
        "emotion-curve-ecommerce-checkout.svg": 2,
    }


def test_requests_stay_under_the_rate_cap(publish: Run, confluence: RunningSandbox) -> None:
    publish.concurrency = 1
    publish.rate_limit = 20
    publish()
    sent = sum(confluence.state.counts().values())
    # The cap's clock only moves when the client waits: every request after the first
    # waited its 50 ms slot, and none went early.
    assert publish.sleeps == [pytest.approx(0.05)] * (sent - 1)


def test_a_future_state_page_follows_the_map_it_improves(
    publish: Run, confluence: RunningSandbox, store: Store
) -> None:
    publish()
    with store.unit_of_work("w") as uow:
        log_pain_point(uow, "ecommerce-checkout", "Gift cards refused", stage_key="payment")
    results = publish()
    assert outcomes(results)["checkout-future"] == Outcome.UPDATED
    future = next(p for p in our_pages(confluence) if "journey-checkout-future" in p.labels)
    assert "Gift cards refused" in future.body


def test_a_page_edited_by_hand_is_reported_not_overwritten(
    publish: Run, confluence: RunningSandbox, store: Store
) -> None:
    publish()
    page = next(p for p in our_pages(confluence) if "journey-ecommerce-checkout" in p.labels)
    confluence.state.update_page(
        page.id,
        title=page.title,
        body=page.body + "<p>Note from Priya</p>",
        version=page.version.number + 1,
        message="tidy up",
    )
    with store.unit_of_work("w") as uow:
        log_pain_point(uow, "ecommerce-checkout", "Gift cards refused", stage_key="payment")
    [result] = publish("ecommerce-checkout")
    assert result.outcome == Outcome.HAND_EDITED
    assert "--force" in result.detail
    assert "Note from Priya" in confluence.state.page(page.id).body
    [forced] = publish("ecommerce-checkout", force=True)
    assert forced.outcome == Outcome.UPDATED
    assert "Note from Priya" not in confluence.state.page(page.id).body


def test_dry_run_writes_nothing(publish: Run, confluence: RunningSandbox) -> None:
    results = publish(dry_run=True)
    assert outcomes(results) == dict.fromkeys(KEYS, Outcome.CREATED)
    assert our_pages(confluence) == []
    assert sum(n for kind, n in confluence.state.counts().items() if kind != "read") == 0


def test_429_is_retried_after_the_time_confluence_asks(
    publish: Run, confluence: RunningSandbox
) -> None:
    confluence.faults.throttle_next(1, retry_after=2, method="POST")
    results = publish("ecommerce-checkout")
    assert outcomes(results) == {"ecommerce-checkout": Outcome.CREATED}
    assert publish.sleeps == [2.0]


def test_5xx_and_dropped_connections_are_retried(publish: Run, confluence: RunningSandbox) -> None:
    confluence.faults.fail_next(2, status=503)
    confluence.faults.drop_next(1)
    results = publish("ecommerce-checkout")
    assert outcomes(results) == {"ecommerce-checkout": Outcome.CREATED}
    assert len(publish.sleeps) == 3
    assert all(0 <= s <= 30 for s in publish.sleeps)


def test_a_run_that_fails_half_way_is_finished_by_the_next(
    publish: Run, confluence: RunningSandbox
) -> None:
    # On a first publish the attachment uploads are the only PUTs.
    confluence.faults.fail_next(
        50, status=500, method="PUT", path_prefix=attachment_prefix(confluence)
    )
    [failed] = publish("ecommerce-checkout")
    assert failed.outcome == Outcome.FAILED
    confluence.faults.clear()
    [finished] = publish("ecommerce-checkout")
    assert finished.outcome in {Outcome.CREATED, Outcome.UPDATED}
    pages = [p for p in our_pages(confluence) if "journey-ecommerce-checkout" in p.labels]
    assert len(pages) == 1, "no duplicate page"
    assert len(pages[0].attachments) == 2
    [again] = publish("ecommerce-checkout")
    assert again.outcome == Outcome.SKIPPED


def test_a_page_created_by_a_run_that_died_is_adopted(
    publish: Run, confluence: RunningSandbox, store: Store
) -> None:
    with pytest.raises(RuntimeError), store.unit_of_work("w") as uow:
        client = ConfluenceClient(settings_for(confluence))
        ConfluencePublisher(
            uow, client, space="CX", parent_id=None, source_hint="x", now=NOW
        ).publish(["ecommerce-checkout"])
        raise RuntimeError("died before committing what it did")
    [result] = publish("ecommerce-checkout")
    assert result.outcome == Outcome.UPDATED, result.detail
    pages = [p for p in confluence.state.pages.values() if "journey-ecommerce-checkout" in p.labels]
    assert len(pages) == 1


def attachment_prefix(sandbox: RunningSandbox) -> str:
    return ("/wiki" if sandbox.flavour == "cloud" else "") + "/rest/api/content/"


def test_the_cli_publishes_and_reports(
    journeyops: CliRun,
    confluence: RunningSandbox,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    settings = settings_for(confluence)
    monkeypatch.setenv("CONFLUENCE_URL", confluence.url)
    monkeypatch.setenv("CONFLUENCE_API_TOKEN", TOKEN)
    monkeypatch.setenv("CONFLUENCE_CLOUD", str(settings.confluence_cloud).lower())
    if settings.confluence_username:
        monkeypatch.setenv("CONFLUENCE_USERNAME", settings.confluence_username)
    monkeypatch.setenv("CONFLUENCE_SPACE", "CX")
    monkeypatch.setenv("CONFLUENCE_PARENT_PAGE", confluence.state.journeys_page.id)
    journeyops("import", str(EXAMPLES))
    first = journeyops("sync", "confluence")
    assert first.exit_code == 0, first.output + first.stderr
    assert "3 journey(s): 3 created" in first.output
    second = journeyops("sync", "confluence")
    assert "3 journey(s): 3 skipped" in second.output
    assert TOKEN not in first.output + first.stderr + second.output


def test_the_cli_says_what_to_set(journeyops: CliRun) -> None:
    result = journeyops("sync", "confluence")
    assert result.exit_code == 2
    assert "CONFLUENCE_SPACE" in result.stderr and "journeyops doctor" in result.stderr


def v2_or_v1_pages(sandbox: RunningSandbox) -> str:
    return "/wiki/api/v2/pages/" if sandbox.flavour == "cloud" else "/rest/api/content/"


def change(store: Store, title: str) -> None:
    with store.unit_of_work("w") as uow:
        log_pain_point(uow, "b2b-saas-onboarding", title, stage_key="kickoff")


def test_a_409_after_our_own_save_is_re_read_and_retried(
    publish: Run, confluence: RunningSandbox, store: Store
) -> None:
    publish("b2b-saas-onboarding")
    change(store, "First change")
    publish("b2b-saas-onboarding")  # the newest version now carries our message
    change(store, "Second change")
    confluence.faults.fail_next(1, status=409, method="PUT", path_prefix=v2_or_v1_pages(confluence))
    [result] = publish("b2b-saas-onboarding")
    assert result.outcome == Outcome.UPDATED
    page = next(p for p in our_pages(confluence) if "journey-b2b-saas-onboarding" in p.labels)
    assert "Second change" in page.body


def test_a_409_from_someone_else_stops_unless_forced(
    publish: Run, confluence: RunningSandbox, store: Store
) -> None:
    publish("b2b-saas-onboarding")  # created: the newest version has no message of ours
    change(store, "A change")
    confluence.faults.fail_next(1, status=409, method="PUT", path_prefix=v2_or_v1_pages(confluence))
    [result] = publish("b2b-saas-onboarding")
    assert result.outcome == Outcome.HAND_EDITED
    assert "while journeyops published it" in result.detail


def test_a_persona_change_reaches_every_map_that_shows_it(
    publish: Run, confluence: RunningSandbox, store: Store, tmp_path: Path
) -> None:
    import yaml

    publish()
    source = yaml.safe_load((EXAMPLES / "ecommerce-checkout.yaml").read_text())
    source["persona"]["quote"] = "Just tell me the delivery cost up front."
    changed = tmp_path / "checkout.yaml"
    changed.write_text(yaml.safe_dump(source, sort_keys=False))
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [changed])
    results = outcomes(publish())
    # checkout-future's own file did not change, but it shows the same persona.
    assert results["checkout-future"] == Outcome.UPDATED
    future = next(p for p in our_pages(confluence) if "journey-checkout-future" in p.labels)
    assert "Just tell me the delivery cost up front." in future.body
