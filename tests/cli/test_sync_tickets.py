"""``journeyops sync tickets`` and the ticket lines of ``journeyops show``, through the real
CLI, client and Jira stand-in (Cloud and Data Center), with the examples' rule."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from sandbox.jira import Issue, JiraState, RunningSandbox, serve_jira
from tests.conftest import EXAMPLES, CliRun

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOKEN = "cli-tickets-token-2468"
EMAIL = "care-lead@example.com"
STEP = "ecommerce-checkout/three-d-secure"


@pytest.fixture(params=["cloud", "datacenter"])
def jira(request: pytest.FixtureRequest) -> Iterator[RunningSandbox]:
    credentials = {"api_token": TOKEN} if request.param == "cloud" else {"pat": TOKEN}
    state = JiraState(project_key="CX")
    state.add_project("SUP", "Northwind Care", "10001")
    with serve_jira(flavour=request.param, state=state, **credentials) as running:
        yield running
        assert running.state.violations == [], "a request Jira would refuse"


@pytest.fixture
def configured(journeyops: CliRun, jira: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> CliRun:
    """The CLI with Jira set up (no JIRA_PROJECT: rules name theirs), the examples imported,
    and a terminal wide enough for the table's rows to stay on one line."""
    cloud = jira.flavour == "cloud"
    monkeypatch.setenv("JIRA_URL", jira.url)
    monkeypatch.setenv("JIRA_API_TOKEN", TOKEN)
    monkeypatch.setenv("JIRA_CLOUD", str(cloud).lower())
    if cloud:
        monkeypatch.setenv("JIRA_USERNAME", EMAIL)
    monkeypatch.setenv("JIRA_RATE_LIMIT", "0")
    monkeypatch.setenv("COLUMNS", "200")
    imported = journeyops("import", str(EXAMPLES))
    assert imported.exit_code == 0, imported.output
    return journeyops


def raise_ticket(jira: RunningSandbox, summary: str, *, ago: timedelta = timedelta()) -> Issue:
    state = jira.state
    real = state.clock
    state.clock = lambda: datetime.now(UTC) - ago
    try:
        project = state.project("SUP")
        task = next(t for t in project.issue_types if t.name == "Task")
        return state.create_issue(project, task, summary, labels=["checkout-3ds"])
    finally:
        state.clock = real


def row(output: str, step: str) -> list[str]:
    """The cells of the table row (or show line) that starts with ``step``."""
    line = next(line for line in output.splitlines() if line.strip().startswith(step))
    return re.split(r"\s{2,}", line.strip())


def test_tickets_are_linked_once_and_counted_this_week(
    configured: CliRun, jira: RunningSandbox
) -> None:
    raise_ticket(jira, "Charged twice after the bank app")
    raise_ticket(jira, "Session expired after 3DS")
    raise_ticket(jira, "Blank card form", ago=timedelta(days=9))

    first = configured("sync", "tickets")

    assert first.exit_code == 0, first.output + first.stderr
    cells = row(first.output, STEP)
    assert cells[1:] == ["3", "2", 'jira: project = SUP AND labels = "checkout-3ds"']
    assert "1 rule(s): 3 new ticket(s) linked" in first.output
    second = configured("sync", "tickets", "ecommerce-checkout")
    assert second.exit_code == 0
    assert row(second.output, STEP)[1:3] == ["0", "2"]  # no new one; still 2 this week
    assert "1 rule(s): 0 new ticket(s) linked" in second.output
    for result in (first, second):
        assert TOKEN not in result.output + result.stderr
    shown = configured("show", "ecommerce-checkout")
    assert "tickets per step, by rule" in shown.output
    assert row(shown.output.replace("│", " "), "payment/three-d-secure")[1:3] == ["2", "3"]
    markdown = configured("show", "ecommerce-checkout", "--format", "markdown").output
    assert "(`payment/three-d-secure`): 2 this week, 3 in the last 4 weeks;" in markdown


def test_dry_run_says_what_would_be_linked_and_writes_nothing(
    configured: CliRun, jira: RunningSandbox
) -> None:
    raise_ticket(jira, "Charged twice after the bank app")

    result = configured("sync", "tickets", "--dry-run")

    assert result.exit_code == 0, result.output + result.stderr
    assert "dry run: 1 rule(s): 1 new ticket(s) would be linked" in result.output
    shown = configured("show", "ecommerce-checkout").output.replace("│", " ")
    assert row(shown, "payment/three-d-secure")[1:3] == ["0", "0"]
    exported = yaml.safe_load(configured("export", "ecommerce-checkout").output)
    assert "SUP-1" not in str(exported)
    real = configured("sync", "tickets")
    assert "1 rule(s): 1 new ticket(s) linked" in real.output  # the dry run kept no mark


def test_a_refused_rule_fails_the_run_and_the_others_still_link(
    configured: CliRun, jira: RunningSandbox, tmp_path: Path
) -> None:
    doc = yaml.safe_load((EXAMPLES / "ecommerce-checkout.yaml").read_text(encoding="utf-8"))
    card = next(t for s in doc["stages"] for t in s["touchpoints"] if t["key"] == "card-entry")
    # Brackets print as written, not as console markup.
    card["tickets"] = [{"source": "jira", "jql": 'project = "[NOPE]"'}]
    path = tmp_path / "checkout.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    assert configured("import", str(path)).exit_code == 0
    raise_ticket(jira, "Charged twice after the bank app")

    result = configured("sync", "tickets")

    assert result.exit_code == 1
    assert "2 rule(s): 1 new ticket(s) linked; 1 failed" in result.output
    failure = "failed ecommerce-checkout/card-entry: Jira answered 400: The value '[NOPE]' does"
    assert failure in result.output
    assert row(result.output, "ecommerce-checkout/card-entry")[1:] == [
        "failed",
        "0",
        'jira: project = "[NOPE]"',
    ]
    assert row(result.output, STEP)[1] == "1"
    assert 'jira: project = "[NOPE]"' in configured("show", "ecommerce-checkout").output


def test_without_rules_or_without_jira(journeyops: CliRun, configured: CliRun) -> None:
    nothing = configured("sync", "tickets", "b2b-saas-onboarding")
    assert nothing.exit_code == 0
    assert "No step has a ticket rule" in nothing.output
    assert "tickets per step" not in configured("show", "b2b-saas-onboarding").output
    markdown = configured("show", "b2b-saas-onboarding", "--format", "markdown").output
    assert "Tickets per step" not in markdown
    unknown = configured("sync", "tickets", "nope")
    assert unknown.exit_code == 2
    assert "no journey 'nope'" in unknown.stderr


def test_a_rule_whose_source_is_not_configured_is_reported(
    journeyops: CliRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert journeyops("import", str(EXAMPLES)).exit_code == 0
    monkeypatch.setenv("COLUMNS", "200")
    result = journeyops("sync", "tickets")
    assert result.exit_code == 1
    assert "set JIRA_URL and JIRA_API_TOKEN" in result.output
    assert "1 rule(s): 0 new ticket(s) linked; 1 failed" in result.output


def test_the_scheduler_pulls_tickets_once_per_slot(
    configured: CliRun, jira: RunningSandbox, db_url: str
) -> None:
    from core.settings import load_settings
    from core.store import Store
    from webhooks.runtime import Runtime
    from webhooks.scheduler import TICKETS_JOB, build_scheduler, pull_tickets

    raise_ticket(jira, "3DS page spins forever")
    raise_ticket(jira, "Bank approval never comes back")
    store = Store(db_url)
    rt = Runtime(load_settings(journeyops_database_url=db_url), store)
    real = datetime.now(UTC)
    now = real.replace(minute=real.minute // 15 * 15, second=0, microsecond=0)  # a slot start

    assert TICKETS_JOB in [job.id for job in build_scheduler(rt).get_jobs()]
    assert pull_tickets(rt, now) == 2
    raise_ticket(jira, "Card declined after the 3DS check")
    assert pull_tickets(rt, now + timedelta(minutes=1)) == 0  # the same 15-minute slot
    assert pull_tickets(rt, now + timedelta(minutes=15)) == 1  # the next slot: only the new one
    store.dispose()
