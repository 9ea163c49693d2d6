"""The status pull of ``sync jira``: delivery status flowing back from Jira's issues into
the journeys (for sites without webhooks), never written back to Jira."""

from typing import Any

import pytest
from sqlalchemy import select

from connectors.jira.client import JiraClient
from connectors.jira.sync import JiraPublisher, Outcome
from core.enums import Origin
from core.model import Event, Opportunity, OpportunityPainPoint, PainPoint
from core.store import Store
from sandbox.jira import RunningSandbox
from tests.connectors.jira.test_sync import (
    CHECKOUT,
    Run,
    by_record,
    jira,
    publish,
    settings_for,
    writes,
)

pytestmark = [
    pytest.mark.usefixtures("clean_env"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]
__all__ = ["jira", "publish"]  # fixtures


def move(sandbox: RunningSandbox, key: str, status: str) -> None:
    from sandbox.jira import workflow

    target = {"done": workflow.DONE_STATUS, "indeterminate": workflow.IN_PROGRESS}[status]
    sandbox.state.move_to(sandbox.state.issue(key), target)


def statuses(store: Store, opportunity_key: str) -> tuple[str, list[str]]:
    with store.unit_of_work("w") as uow:
        opportunity = uow.session.scalars(
            select(Opportunity).where(Opportunity.key == opportunity_key)
        ).one()
        pains = uow.session.scalars(
            select(PainPoint.status)
            .join(OpportunityPainPoint, OpportunityPainPoint.pain_point_id == PainPoint.id)
            .where(OpportunityPainPoint.opportunity_id == opportunity.id)
        )
        return opportunity.status, sorted(pains)


def jira_events(store: Store) -> list[dict[str, Any]]:
    with store.unit_of_work("w") as uow:
        return [
            {"action": e.action, "origin": e.origin}
            for e in uow.session.scalars(select(Event).where(Event.action.like("%status%")))
        ]


def test_an_epic_moved_to_done_marks_its_opportunity_done_and_its_pain_points_fixed(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    opportunity = "wallets-and-resilient-3ds"
    status, pains = statuses(store, opportunity)
    assert status == "in_progress" and pains.count("open") == 2 and len(pains) == 3
    first = by_record(publish())
    publish()  # sees every epic in To Do: not a change, so nothing moves back to planned
    assert statuses(store, opportunity) == (status, pains)
    move(jira, first[opportunity].issue_key or "", "done")
    jira.state.clear_requests()
    results = by_record(publish())
    assert results[opportunity].status == (
        "Jira done: opportunity in_progress -> done; 2 pain point(s) -> fix_shipped"
    )
    assert statuses(store, opportunity) == ("done", ["fix_shipped"] * 3)
    assert [r.record for r in results.values() if r.status] == [opportunity]
    assert writes(jira) == 0, "what came from Jira is never written back"
    assert {e["origin"] for e in jira_events(store)} == {"jira"}
    before = jira_events(store)
    again = publish()
    assert [r.status for r in again if r.status] == []
    assert jira_events(store) == before


def test_a_status_changed_before_the_first_pull_is_applied(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    first = by_record(publish(CHECKOUT))
    move(jira, first["dated-delivery-promise"].issue_key or "", "indeterminate")
    results = by_record(publish(CHECKOUT))
    assert (
        results["dated-delivery-promise"].status
        == "Jira indeterminate: opportunity idea -> in_progress"
    )
    assert statuses(store, "dated-delivery-promise")[0] == "in_progress"


def test_dry_run_reports_the_status_change_without_making_it(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    first = by_record(publish(CHECKOUT))
    move(jira, first["delivery-cost-in-basket"].issue_key or "", "done")
    results = by_record(publish(CHECKOUT, dry_run=True))
    assert results["delivery-cost-in-basket"].status.startswith("Jira done: would set opportunity")
    assert statuses(store, "delivery-cost-in-basket") == ("planned", ["open"])
    assert by_record(publish(CHECKOUT))["delivery-cost-in-basket"].status
    assert statuses(store, "delivery-cost-in-basket") == ("done", ["fix_shipped"])


def test_a_pain_points_own_issue_moves_it_forward(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    first = by_record(publish(CHECKOUT, pain_points=True))
    move(jira, first["password-reset-loop"].issue_key or "", "done")
    results = by_record(publish(CHECKOUT))  # without --pain-points, the pull still sees it
    with store.unit_of_work("w") as uow:
        status = uow.session.scalars(
            select(PainPoint.status).where(PainPoint.key == "password-reset-loop")
        ).one()
    assert status == "fix_shipped"
    assert [r.status for r in results.values() if r.status] == [
        "Jira done: pain point in_progress -> fix_shipped"
    ]
    pulled = results["password-reset-loop"]
    assert (pulled.kind, pulled.outcome, pulled.journey) == (
        "pain_point",
        Outcome.SKIPPED,
        CHECKOUT,
    )


def test_the_publisher_needs_a_unit_of_work_from_jira(store: Store, jira: RunningSandbox) -> None:
    client = JiraClient(settings_for(jira))
    try:
        with store.unit_of_work("w", origin=Origin.CLI) as uow, pytest.raises(ValueError):
            JiraPublisher(
                uow, client, project="CX", issue_type="Epic", pain_point_issue_type="Task"
            )
    finally:
        client.close()
