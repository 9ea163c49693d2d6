"""Fixtures: a Jira stand-in of each flavour with a Service Management-like project SUP
whose clock the test moves, the examples imported, and a pull through the real client."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from connectors.jira.client import JiraClient
from connectors.tickets.jira.source import JiraTicketSource
from connectors.tickets.pull import RulePull, pull_tickets
from connectors.tickets.registry import Clock, TicketSources
from connectors.tickets.source import TicketSource
from core.enums import Origin
from core.services.journey_files import import_journey_files
from core.settings import Settings, load_settings
from core.store import Store
from sandbox.jira import Issue, JiraState, RunningSandbox, serve_jira
from sandbox.jira.model import Description
from tests.conftest import EXAMPLES

TOKEN = "tickets-jira-token-4321"
EMAIL = "care-lead@example.com"
START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
RULE_LABEL = "checkout-3ds"  # what examples/ecommerce-checkout.yaml's rule looks for


@dataclass
class FakeClock:
    """The one clock of a test: the stand-in stamps tickets with it, JQL periods count
    back from it, and the pull marks with it."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["cloud", "datacenter"])
def jira(request: pytest.FixtureRequest, clock: FakeClock) -> Iterator[RunningSandbox]:
    credentials = {"api_token": TOKEN} if request.param == "cloud" else {"pat": TOKEN}
    state = JiraState(project_key="CX", clock=clock)
    state.add_project("SUP", "Northwind Care", "10001")
    with serve_jira(flavour=request.param, state=state, **credentials) as running:
        yield running
        assert running.state.violations == [], "a request Jira would refuse"


def settings_for(sandbox: RunningSandbox) -> Settings:
    cloud = sandbox.flavour == "cloud"
    return load_settings(
        jira_url=sandbox.url,
        jira_username=EMAIL if cloud else None,
        jira_api_token=TOKEN,
        jira_cloud=cloud,
        jira_rate_limit=0,
    )


def raise_ticket(
    sandbox: RunningSandbox,
    clock: FakeClock,
    summary: str,
    *,
    ago: timedelta,
    labels: tuple[str, ...] = (RULE_LABEL,),
    project: str = "SUP",
    description: str | None = None,
) -> Issue:
    """An issue created ``ago`` before the clock's now (the clock is put back after)."""
    state = sandbox.state
    now = clock.now
    clock.now = now - ago
    try:
        body = Description("wiki", description) if description else None
        task = next(t for t in state.project(project).issue_types if t.name == "Task")
        return state.create_issue(
            state.project(project), task, summary, description=body, labels=labels
        )
    finally:
        clock.now = now


@dataclass
class Puller:
    """Pulls through the real JiraClient against the stand-in, at the clock's time."""

    store: Store
    sandbox: RunningSandbox
    clock: FakeClock
    sleeps: list[float] = field(default_factory=list)

    def jira(self, settings: Settings, clock: Clock) -> TicketSource:
        return JiraTicketSource(JiraClient(settings, sleep=self.sleeps.append), clock=clock)

    def __call__(self, *keys: str, dry_run: bool = False) -> list[RulePull]:
        settings = settings_for(self.sandbox)
        with (
            TicketSources(settings, factories={"jira": self.jira}, clock=self.clock) as sources,
            self.store.unit_of_work("w", actor="tester", origin=Origin.CLI) as uow,
        ):
            return pull_tickets(
                uow, sources, list(keys) or None, dry_run=dry_run, now=self.clock.now
            )

    def searches(self) -> list[str]:
        """The JQL of every search the stand-in received, in order."""
        import json

        return [
            json.loads(r.body)["jql"]
            for r in self.sandbox.state.requests
            if r.path.endswith(("/search", "/search/jql"))
        ]


@pytest.fixture
def pull(store: Store, jira: RunningSandbox, clock: FakeClock) -> Puller:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES])
    return Puller(store, jira, clock)
