"""``journeyops digest``: the preview in a terminal, and posting to Slack once."""

from collections.abc import Iterator

import pytest
from sqlalchemy import update

from core.model import Workspace
from core.store import Store
from sandbox.slack import SEED, RunningSandbox, serve_slack
from tests.conftest import EXAMPLES, CliRun


@pytest.fixture
def imported(journeyops: CliRun) -> CliRun:
    assert journeyops("import", str(EXAMPLES)).exit_code == 0
    return journeyops


@pytest.fixture
def slack() -> Iterator[RunningSandbox]:
    with serve_slack() as running:
        yield running
        assert running.state.violations == [], "a request Slack would refuse"


def test_the_preview_prints_the_current_period_and_sends_nothing(imported: CliRun) -> None:
    result = imported("digest", "--preview")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["Journey digest: default", "======================="]
    assert "so far (as of" in lines[3]
    # Just imported: every active journey has news, and its pains rank as new.
    assert "Northwind Outfitters mobile checkout (current state)" in result.output
    assert "Top pain points" in result.output and "· new" in result.output
    assert "Going well" in result.output


def test_markdown_of_one_journey(imported: CliRun) -> None:
    result = imported(
        "digest", "--preview", "--format", "markdown", "--journey", "ecommerce-checkout"
    )

    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Journey digest: default\n")
    assert "## Northwind Outfitters mobile checkout (current state)" in result.output
    assert "Brightlane" not in result.output  # the other journeys, their reviews included


def test_a_past_period_before_anything_happened_is_quiet(imported: CliRun) -> None:
    result = imported("digest", "--preview", "--period-end", "2026-01-05")

    assert result.exit_code == 0, result.output
    assert "Mon 29 Dec 2025 09:00 to Mon 05 Jan 2026 09:00 (UTC)" in result.output
    assert "Quiet (nothing new this period):" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--preview", "--journey", "nope"], "no active journey 'nope'"),
        (["--preview", "--period-end", "last week"], "Invalid value for '--period-end'"),
        ([], "SLACK_BOT_TOKEN is not set"),
    ],
)
def test_bad_input_exits_2_with_a_message(imported: CliRun, args: list[str], message: str) -> None:
    result = imported("digest", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_posting_needs_a_digest_channel(
    imported: CliRun, slack: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", SEED.bot_token)
    monkeypatch.setenv("SLACK_API_URL", slack.url)

    result = imported("digest")

    assert result.exit_code == 2
    assert "has no digest channel: give --channel" in result.output
    assert slack.state.chat.bot_messages(SEED.general) == []


def test_posting_to_the_workspace_digest_channel(
    imported: CliRun, db_url: str, slack: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", SEED.bot_token)
    monkeypatch.setenv("SLACK_API_URL", slack.url)
    store = Store(db_url)
    with store.unit_of_work("default") as uow:
        uow.session.execute(update(Workspace).values(digest_channel=SEED.general))
    store.dispose()

    result = imported("digest")

    assert result.exit_code == 0, result.output
    assert f"to {SEED.general} (1 message)" in result.output
    [posted] = slack.state.chat.bot_messages(SEED.general)
    assert "Journey digest" in posted.text


def test_slack_refusing_the_digest_exits_1(
    imported: CliRun, slack: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", SEED.bot_token)
    monkeypatch.setenv("SLACK_API_URL", slack.url)

    result = imported("digest", "--channel", SEED.random)

    assert result.exit_code == 1
    assert "Slack refused the digest: not_in_channel" in result.output


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_publishing_the_period_page_to_confluence(
    imported: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sandbox.confluence import serve_confluence

    with serve_confluence(flavour="cloud", api_token="sandbox-token-1234") as confluence:
        for name, value in {
            "CONFLUENCE_URL": confluence.url,
            "CONFLUENCE_USERNAME": "cx-lead@example.com",
            "CONFLUENCE_API_TOKEN": "sandbox-token-1234",
            "CONFLUENCE_CLOUD": "true",
            "CONFLUENCE_SPACE": "CX",
            "CONFLUENCE_PARENT_PAGE": confluence.state.journeys_page.id,
        }.items():
            monkeypatch.setenv(name, value)

        first = imported("digest", "--to", "confluence")
        again = imported("digest", "--to", "confluence")

        assert first.exit_code == 0, first.output
        assert ": created (" in first.output
        assert ": skipped (" in again.output
        [page] = [
            p for p in confluence.state.pages.values() if p.title.startswith("Journey digest")
        ]
        assert page.parent_id == confluence.state.journeys_page.id
        assert confluence.state.violations == []


def test_confluence_needs_its_settings(imported: CliRun) -> None:
    result = imported("digest", "--to", "confluence")
    assert result.exit_code == 2
    assert "CONFLUENCE_SPACE to publish the digest page" in result.output
