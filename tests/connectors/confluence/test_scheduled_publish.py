"""The scheduler's Confluence job: dirty pages published, clean ones untouched, an absent
Confluence survived."""

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from core.enums import Impact, Origin
from core.services.journey_files import import_journey_files
from core.services.pain_points import log_pain_point
from core.settings import Settings, load_settings
from core.store import Store
from sandbox.confluence import RunningSandbox, serve_confluence
from tests.conftest import EXAMPLES
from webhooks.runtime import Runtime
from webhooks.scheduler import CONFLUENCE_JOB, build_scheduler, publish_dirty_pages

pytestmark = [
    pytest.mark.usefixtures("clean_env"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
TOKEN = "sandbox-token-5678"


@pytest.fixture
def confluence() -> Iterator[RunningSandbox]:
    with serve_confluence(flavour="cloud", api_token=TOKEN) as running:
        yield running
        assert running.state.violations == [], "a request Confluence would refuse"


def settings_for(url: str, parent: str | None = None, **extra: object) -> Settings:
    return load_settings(
        journeyops_workspace="w",
        confluence_url=url,
        confluence_username="cx-lead@example.com",
        confluence_api_token=TOKEN,
        confluence_cloud=True,
        confluence_space="CX",
        confluence_parent_page=parent,
        **extra,
    )


def test_only_dirty_pages_are_published(store: Store, confluence: RunningSandbox) -> None:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES])
    rt = Runtime(settings_for(confluence.url, confluence.state.journeys_page.id), store)
    slots = (T0 + timedelta(minutes=10 * n) for n in range(3))  # one run per 10-minute slot
    assert publish_dirty_pages(rt, next(slots)) == {"created": 3}
    with store.unit_of_work("w", actor="slack:U1", origin=Origin.SLACK) as uow:
        log_pain_point(
            uow,
            "ecommerce-checkout",
            "Promo code field hidden behind a link",
            stage_key="basket",
            impact=Impact.WORKAROUND,
        )
    confluence.state.clear_requests()
    # The checkout page, and the future-state page that lists its open pain points.
    assert publish_dirty_pages(rt, next(slots)) == {"updated": 2, "skipped": 1}
    confluence.state.clear_requests()
    assert publish_dirty_pages(rt, next(slots)) == {"skipped": 3}
    counts = confluence.state.counts()
    assert counts["read"] == 1
    assert sum(counts.values()) == 1, "a run with nothing dirty writes nothing"


def test_two_schedulers_publish_each_slot_once(
    store: Store, db_url: str, confluence: RunningSandbox
) -> None:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
    settings = settings_for(confluence.url, confluence.state.journeys_page.id)
    other = Store(db_url)
    first, second = Runtime(settings, store), Runtime(settings, other)

    assert publish_dirty_pages(first, T0) == {"created": 1}
    assert publish_dirty_pages(second, T0 + timedelta(minutes=1)) == {}  # the same slot
    assert publish_dirty_pages(second, T0 + timedelta(minutes=10)) == {"skipped": 1}
    other.dispose()


def test_an_unreachable_confluence_waits_for_the_next_run(
    store: Store, closed_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
    rt = Runtime(settings_for(f"http://127.0.0.1:{closed_port}/wiki"), store)
    with caplog.at_level(logging.WARNING):
        assert publish_dirty_pages(rt) == {}
    assert "scheduler.confluence.unavailable" in caplog.text
    assert TOKEN not in caplog.text


def test_the_job_runs_every_configured_interval(store: Store) -> None:
    scheduler = build_scheduler(
        Runtime(settings_for("https://acme.atlassian.net/wiki", confluence_sync_minutes=5), store)
    )
    [job] = scheduler.get_jobs()
    assert job.id == CONFLUENCE_JOB
    assert job.trigger.interval.total_seconds() == 300
    assert job.max_instances == 1


@pytest.mark.parametrize(
    "settings",
    [
        {"confluence_sync_minutes": 0},
        {"confluence_url": None},
        {"confluence_space": None},
    ],
)
def test_no_job_without_confluence_or_with_the_job_off(
    store: Store, settings: dict[str, object]
) -> None:
    base: dict[str, object] = {
        "journeyops_workspace": "w",
        "confluence_url": "https://acme.atlassian.net/wiki",
        "confluence_username": "cx-lead@example.com",
        "confluence_api_token": TOKEN,
        "confluence_space": "CX",
    }
    rt = Runtime(load_settings(**{**base, **settings}), store)
    assert build_scheduler(rt).get_jobs() == []
