"""``journeyops sync jira``: the table, the summary line and the exit codes, through the
real CLI, client and Jira sandbox (Cloud and Data Center)."""

from collections.abc import Iterator

import pytest

from sandbox.jira import RunningSandbox, serve_jira
from tests.conftest import EXAMPLES, CliRun

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOKEN = "cli-jira-token-5678"
EMAIL = "cx-lead@example.com"


@pytest.fixture(params=["cloud", "datacenter"])
def jira(request: pytest.FixtureRequest) -> Iterator[RunningSandbox]:
    credentials = {"api_token": TOKEN} if request.param == "cloud" else {"pat": TOKEN}
    with serve_jira(flavour=request.param, indexed_properties=[], **credentials) as running:
        yield running
        assert running.state.violations == [], "a request Jira would refuse"


@pytest.fixture
def configured(journeyops: CliRun, jira: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> CliRun:
    """The CLI with Jira set up the way a user would, and the examples imported."""
    cloud = jira.flavour == "cloud"
    monkeypatch.setenv("JIRA_URL", jira.url)
    monkeypatch.setenv("JIRA_API_TOKEN", TOKEN)
    monkeypatch.setenv("JIRA_CLOUD", str(cloud).lower())
    if cloud:
        monkeypatch.setenv("JIRA_USERNAME", EMAIL)
    monkeypatch.setenv("JIRA_PROJECT", "CX")
    monkeypatch.setenv("JIRA_RATE_LIMIT", "0")
    imported = journeyops("import", str(EXAMPLES))
    assert imported.exit_code == 0, imported.output
    return journeyops


def test_sync_jira_creates_then_skips_and_never_shows_the_token(
    configured: CliRun, jira: RunningSandbox
) -> None:
    first = configured("sync", "jira")
    assert first.exit_code == 0, first.output + first.stderr
    assert "16 issue(s): 16 created" in first.output
    assert "delivery-cost-in-basket" in first.output and "CX-" in first.output
    second = configured("sync", "jira")
    assert second.exit_code == 0
    assert "16 issue(s): 16 skipped" in second.output
    assert len(jira.state.live_issues()) == 16
    for result in (first, second):
        assert TOKEN not in result.output + result.stderr


def test_pain_points_and_a_journey_key(configured: CliRun, jira: RunningSandbox) -> None:
    result = configured("sync", "jira", "ecommerce-checkout", "--pain-points")
    assert result.exit_code == 0, result.output + result.stderr
    assert "14 issue(s): 14 created" in result.output  # 5 epics, 9 pain points
    assert "pain point" in result.output
    assert sum(i.issue_type.name == "Task" for i in jira.state.live_issues()) == 9


def test_dry_run_says_what_would_happen_and_writes_nothing(
    configured: CliRun, jira: RunningSandbox
) -> None:
    result = configured("sync", "jira", "--dry-run")
    assert result.exit_code == 0, result.output + result.stderr
    assert "dry run: 16 issue(s): 16 created" in result.output
    assert "would create" in result.output
    assert jira.state.live_issues() == []


def test_a_status_change_is_reported(configured: CliRun, jira: RunningSandbox) -> None:
    from sandbox.jira import workflow

    configured("sync", "jira", "ecommerce-checkout")
    for issue in jira.state.live_issues():
        jira.state.move_to(issue, workflow.DONE_STATUS)
    result = configured("sync", "jira", "ecommerce-checkout")
    assert result.exit_code == 0, result.output + result.stderr
    assert "5 issue(s): 5 skipped; 5 status change(s) from Jira" in result.output
    assert "-> done" in result.output


def test_a_failed_issue_exits_1_and_the_next_run_finishes(
    configured: CliRun, jira: RunningSandbox
) -> None:
    path = "/rest/api/3/issue" if jira.flavour == "cloud" else "/rest/api/2/issue"
    jira.faults.fail_next(1, status=400, method="POST", path_prefix=path)
    failed = configured("sync", "jira", "ecommerce-checkout")
    assert failed.exit_code == 1
    assert "1 failed" in failed.output and "injected fault" in failed.output
    finished = configured("sync", "jira", "ecommerce-checkout")
    assert finished.exit_code == 0
    assert "1 created, 4 skipped" in finished.output


def test_an_unknown_journey_is_bad_input(configured: CliRun) -> None:
    result = configured("sync", "jira", "no-such-journey")
    assert result.exit_code == 2
    assert "no-such-journey" in result.stderr


def test_an_unreachable_jira_exits_1_with_a_message(
    configured: CliRun, monkeypatch: pytest.MonkeyPatch, closed_port: int
) -> None:
    monkeypatch.setenv("JIRA_URL", f"http://127.0.0.1:{closed_port}")
    monkeypatch.setattr("connectors.atlassian.retries.backoff", lambda attempt: 0.0)
    result = configured("sync", "jira")
    assert result.exit_code == 1
    assert "Jira did not answer" in result.stderr
    assert TOKEN not in result.stderr


def test_without_jira_settings_it_says_what_to_set(journeyops: CliRun) -> None:
    result = journeyops("sync", "jira")
    assert result.exit_code == 2
    assert "JIRA_URL" in result.stderr and "JIRA_PROJECT" in result.stderr
    assert "journeyops doctor" in result.stderr


def test_help_explains_the_command(journeyops: CliRun) -> None:
    result = journeyops("sync", "jira", "--help")
    assert result.exit_code == 0
    for words in ("--pain-points", "--dry-run", "JIRA_PROJECT", "fix_shipped", "Epic"):
        assert words in result.output
    group = journeyops("sync", "--help")
    assert "later" not in group.output and "Jira" in group.output


def test_the_issue_type_comes_from_the_settings(
    configured: CliRun, jira: RunningSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIRA_ISSUE_TYPE", "Story")
    result = configured("sync", "jira", "ecommerce-checkout")
    assert result.exit_code == 0, result.output + result.stderr
    assert {i.issue_type.name for i in jira.state.live_issues()} == {"Story"}
