"""Publishing to Jira when things go wrong: a run that died after creating issues, one
that failed half-way, refusals, throttling and 5xx (the sandbox's faults), and dry runs."""

import pytest
from sqlalchemy import select

from connectors.jira.client import JiraClient
from connectors.jira.sync import JiraPublisher, Outcome
from core.enums import Origin
from core.model import Opportunity
from core.store import Store
from sandbox.jira import RunningSandbox
from tests.connectors.jira.test_sync import (
    CHECKOUT,
    Run,
    by_record,
    epic_links,
    jira,
    opportunity_ids,
    our_issues,
    outcomes,
    publish,
    settings_for,
    writes,
)

pytestmark = [
    pytest.mark.usefixtures("clean_env"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]
__all__ = ["jira", "publish"]  # fixtures


def test_an_epic_created_by_a_run_that_died_is_adopted_not_duplicated(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    with pytest.raises(RuntimeError), store.unit_of_work("w", origin=Origin.JIRA) as uow:
        client = JiraClient(settings_for(jira))
        JiraPublisher(
            uow, client, project="CX", issue_type="Epic", pain_point_issue_type="Task"
        ).publish([CHECKOUT])
        raise RuntimeError("died before committing what it did")
    assert len(our_issues(jira)) == 5 and epic_links(store) == {}
    jira.state.clear_requests()
    results = publish(CHECKOUT)
    assert outcomes(results) == {Outcome.ADOPTED}, [r.detail for r in results]
    assert len(our_issues(jira)) == 5, "no duplicate epic"
    created = [r for r in jira.state.requests if r.method == "POST" and r.path.endswith("/issue")]
    assert created == []
    assert len(epic_links(store)) == 5
    assert outcomes(publish(CHECKOUT)) == {Outcome.SKIPPED}


def test_another_workspaces_epic_is_never_adopted(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    # Same project, same labels, same opportunity id: only the workspace differs.
    opportunity = opportunity_ids(store)["delivery-cost-in-basket"]
    state = jira.state
    project = state.project("CX")
    epic_type = next(t for t in project.issue_types if t.name == "Epic")
    theirs = state.create_issue(
        project,
        epic_type,
        "Another team's epic",
        labels=["journeyops", f"journey-{CHECKOUT}"],
        properties={
            "journeyops": {"workspace": "other", "kind": "epic", "opportunity": opportunity}
        },
    )
    results = by_record(publish(CHECKOUT))
    assert results["delivery-cost-in-basket"].outcome == Outcome.CREATED
    assert results["delivery-cost-in-basket"].issue_key != theirs.key
    assert theirs.summary == "Another team's epic"


def test_a_run_that_fails_half_way_is_finished_by_the_next(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    version = 3 if jira.flavour == "cloud" else 2
    # Creating is POST .../issue; every POST under .../issue/ is a remote link.
    jira.faults.fail_next(500, status=503, method="POST", path_prefix=f"/rest/api/{version}/issue/")
    first = by_record(publish(CHECKOUT))
    failed = [r for r in first.values() if r.outcome == Outcome.FAILED]
    assert failed and all(r.issue_key for r in failed), "what was created is reported"
    assert all("503" in r.detail for r in failed)
    jira.faults.clear()
    second = by_record(publish(CHECKOUT))
    assert {second[r.record].outcome for r in failed} == {Outcome.UPDATED}
    assert {second[r.record].issue_key for r in failed} == {r.issue_key for r in failed}
    assert len(our_issues(jira)) == 5, "no duplicate"
    jira.state.clear_requests()
    assert outcomes(publish(CHECKOUT)) == {Outcome.SKIPPED}
    assert writes(jira) == 0


def test_a_refused_issue_does_not_stop_the_others(publish: Run, jira: RunningSandbox) -> None:
    version = 3 if jira.flavour == "cloud" else 2
    jira.faults.fail_next(1, status=400, method="POST", path_prefix=f"/rest/api/{version}/issue")
    results = publish(CHECKOUT)
    assert [r.outcome for r in results].count(Outcome.FAILED) == 1
    assert [r.outcome for r in results].count(Outcome.CREATED) == 4
    assert outcomes(publish(CHECKOUT)) == {Outcome.CREATED, Outcome.SKIPPED}
    assert len(our_issues(jira)) == 5


def test_dry_run_writes_nothing(publish: Run, jira: RunningSandbox, store: Store) -> None:
    results = publish(dry_run=True)
    assert outcomes(results) == {Outcome.CREATED}
    assert {r.detail for r in results} == {"would create"}
    assert our_issues(jira) == [] and writes(jira) == 0
    assert epic_links(store) == {}
    publish()
    with store.unit_of_work("w") as uow:
        opportunity = uow.session.scalars(select(Opportunity).limit(1)).one()
        opportunity.title = "Changed, but only in a dry run"
    jira.state.clear_requests()
    assert outcomes(publish(dry_run=True)) == {Outcome.UPDATED, Outcome.SKIPPED}
    assert writes(jira) == 0


def test_429_waits_for_retry_after(publish: Run, jira: RunningSandbox) -> None:
    jira.faults.throttle_next(1, retry_after=2, method="POST")
    results = publish(CHECKOUT)
    assert outcomes(results) == {Outcome.CREATED}
    assert publish.sleeps == [2.0]


def test_5xx_and_dropped_connections_are_retried(publish: Run, jira: RunningSandbox) -> None:
    jira.faults.fail_next(2, status=502)
    jira.faults.drop_next(1)
    results = publish(CHECKOUT)
    assert outcomes(results) == {Outcome.CREATED}
    assert len(publish.sleeps) == 3 and all(0 <= s <= 30 for s in publish.sleeps)
    assert len(our_issues(jira)) == 5
