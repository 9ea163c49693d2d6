"""Pulling tickets by the rule of examples/ecommerce-checkout.yaml: the real JiraClient
against the Jira stand-in (Cloud and Data Center), on SQLite and PostgreSQL."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.model import Event, Evidence, Touchpoint
from core.model.journey import TicketPull
from core.services.evidence import as_utc
from core.store import Store
from sandbox.jira import RunningSandbox
from tests.connectors.tickets.conftest import START, FakeClock, Puller, raise_ticket

pytestmark = [
    pytest.mark.usefixtures("clean_env"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

STEP = "three-d-secure"


def ticket_evidence(store: Store, step: str = STEP) -> dict[str, Evidence]:
    with store.unit_of_work("w") as uow:
        rows = uow.session.scalars(
            select(Evidence)
            .join(Touchpoint, Evidence.touchpoint_id == Touchpoint.id)
            .where(Touchpoint.key == step, Evidence.kind == "ticket")
        )
        found = {e.external_id or "": e for e in rows}
        uow.session.expunge_all()
        return found


def attached_events(store: Store) -> int:
    with store.unit_of_work("w") as uow:
        query = select(func.count()).where(Event.action == "evidence.attached")
        return uow.session.scalar(query) or 0


def marks(store: Store) -> list[TicketPull]:
    with store.unit_of_work("w") as uow:
        found = list(uow.session.scalars(select(TicketPull)))
        uow.session.expunge_all()
        return found


def set_rules(store: Store, step: str, rules: list[dict[str, str]]) -> None:
    with store.unit_of_work("w") as uow:
        touchpoint = uow.session.scalar(select(Touchpoint).where(Touchpoint.key == step))
        assert touchpoint is not None
        touchpoint.ticket_rules = rules


def test_matching_tickets_become_evidence_with_permalink_snapshot_and_author(
    pull: Puller, jira: RunningSandbox, clock: FakeClock, store: Store
) -> None:
    charged = raise_ticket(
        jira,
        clock,
        "Charged twice after the bank app",
        ago=timedelta(days=3),
        description="My bank approved it, your site said *session expired*.\n\nRefund please.",
    )
    expired = raise_ticket(jira, clock, "Session expired after 3DS", ago=timedelta(days=1))
    raise_ticket(jira, clock, "Password reset mail", ago=timedelta(days=1), labels=("sign-in",))
    raise_ticket(jira, clock, "Ancient", ago=timedelta(weeks=13))  # before the first pull's reach
    raise_ticket(jira, clock, "Not a Care request", ago=timedelta(days=1), project="CX")
    events = attached_events(store)

    [result] = pull()

    assert (result.journey, result.touchpoint, result.error) == ("ecommerce-checkout", STEP, None)
    assert (result.fetched, result.linked) == (2, 2)
    found = ticket_evidence(store)
    assert set(found) == {charged.key, expired.key}
    evidence = found[charged.key]
    assert evidence.source == "jira"
    assert evidence.permalink == f"{jira.url}/browse/{charged.key}"
    assert evidence.author == "Sandbox User"
    assert evidence.solicited is False
    assert as_utc(evidence.captured_at) == START - timedelta(days=3)
    # Cloud answers ADF, Data Center wiki markup: either way the snapshot is its text.
    assert evidence.text.startswith("Charged twice after the bank app\n\nMy bank approved it")
    assert "Refund please." in evidence.text
    assert attached_events(store) == events + 2
    [mark] = marks(store)
    assert mark.source == "jira" and mark.error is None
    assert mark.pulled_until is not None and as_utc(mark.pulled_until) == START


def test_a_second_pull_asks_only_for_new_tickets_and_doubles_nothing(
    pull: Puller, jira: RunningSandbox, clock: FakeClock, store: Store
) -> None:
    raise_ticket(jira, clock, "Charged twice", ago=timedelta(days=2))
    raise_ticket(jira, clock, "Just before the pull", ago=timedelta(minutes=2))
    pull()
    clock.advance(timedelta(hours=2))
    new = raise_ticket(jira, clock, "Blank card form after 3DS", ago=timedelta(minutes=30))
    jira.state.clear_requests()

    [result] = pull()

    [jql] = pull.searches()
    # Two hours since the last pull, plus five minutes of overlap for a late index.
    assert jql == (
        '(project = SUP AND labels = "checkout-3ds") AND created >= "-125m" '
        "ORDER BY created ASC, key ASC"
    )
    # The overlap brings back the ticket raised just before the first pull: merged.
    assert (result.fetched, result.linked) == (2, 1)
    assert len(ticket_evidence(store)) == 3
    assert new.key in ticket_evidence(store)
    [mark] = marks(store)
    assert mark.pulled_until is not None and as_utc(mark.pulled_until) == clock.now


def test_the_first_pull_looks_twelve_weeks_back(
    pull: Puller, jira: RunningSandbox, clock: FakeClock
) -> None:
    pull()
    [jql] = pull.searches()
    assert f'created >= "-{12 * 7 * 24 * 60}m"' in jql


def test_more_than_a_page_of_tickets_costs_one_search_per_hundred(
    pull: Puller, jira: RunningSandbox, clock: FakeClock, store: Store
) -> None:
    for n in range(130):
        raise_ticket(jira, clock, f"Ticket {n}", ago=timedelta(hours=200 - n))
    [result] = pull()
    assert (result.fetched, result.linked) == (130, 130)
    assert len(pull.searches()) == 2
    assert jira.state.counts()["read"] == 2
    assert len(ticket_evidence(store)) == 130


def test_dry_run_counts_what_it_would_link_and_writes_nothing(
    pull: Puller, jira: RunningSandbox, clock: FakeClock, store: Store
) -> None:
    raise_ticket(jira, clock, "Charged twice", ago=timedelta(days=2))
    raise_ticket(jira, clock, "Session expired", ago=timedelta(days=1))
    events = attached_events(store)

    [result] = pull(dry_run=True)

    assert (result.fetched, result.linked, result.error) == (2, 2, None)
    assert ticket_evidence(store) == {}
    assert marks(store) == []
    assert attached_events(store) == events
    pull()
    [again] = pull(dry_run=True)
    assert (again.fetched, again.linked) == (0, 0)


def test_a_refused_rule_is_reported_and_the_other_rules_still_run(
    pull: Puller, jira: RunningSandbox, clock: FakeClock, store: Store
) -> None:
    set_rules(store, "card-entry", [{"source": "jira", "jql": "project = NOPE"}])
    raise_ticket(jira, clock, "Charged twice", ago=timedelta(days=2))

    results = {r.touchpoint: r for r in pull()}

    refused = results["card-entry"]
    assert refused.error is not None
    assert "400" in refused.error and "NOPE" in refused.error
    assert (results[STEP].error, results[STEP].linked) == (None, 1)
    by_step = {m.touchpoint_id: m for m in marks(store)}
    assert len(by_step) == 2
    failed = by_step[refused.touchpoint_id]
    assert failed.pulled_until is None and "NOPE" in (failed.error or "")
    # The failed rule keeps its starting point: the next pull looks as far back again.
    clock.advance(timedelta(hours=1))
    again = {r.touchpoint: r for r in pull()}
    assert again["card-entry"].since == clock.now - timedelta(weeks=12)


def test_unconfigured_sources_are_reported_per_rule(pull: Puller, store: Store) -> None:
    from connectors.tickets.pull import pull_tickets
    from connectors.tickets.registry import TicketSources
    from core.settings import load_settings

    set_rules(store, "card-entry", [{"source": "zendesk", "query": "checkout"}])
    with (
        TicketSources(load_settings()) as sources,
        store.unit_of_work("w") as uow,
    ):
        results = {r.touchpoint: r for r in pull_tickets(uow, sources)}
    assert "set JIRA_URL and JIRA_API_TOKEN" in (results[STEP].error or "")
    assert "set ZENDESK_URL, ZENDESK_EMAIL and ZENDESK_API_TOKEN" in (
        results["card-entry"].error or ""
    )


def test_a_server_error_is_retried_and_the_pull_goes_on(
    pull: Puller, jira: RunningSandbox, clock: FakeClock, store: Store
) -> None:
    raise_ticket(jira, clock, "Charged twice", ago=timedelta(days=2))
    jira.faults.fail_next(1, status=503)
    [result] = pull()
    assert (result.error, result.linked) == (None, 1)
    assert len(pull.sleeps) == 1
    assert len(pull.searches()) == 2  # the refused try, then the answered one


def test_a_jql_syntax_error_is_the_rules_own_failure(
    pull: Puller, jira: RunningSandbox, store: Store
) -> None:
    from tests.sandbox.jira.conftest import take_violations

    set_rules(store, STEP, [{"source": "jira", "jql": "project = SUP AND AND"}])
    [result] = pull()
    assert result.error is not None and "Jira answered 400" in result.error
    assert [v["reason"] for v in take_violations(jira)] == ["jql"]
    body = json.loads(jira.state.requests[-1].body)
    assert body["jql"].startswith("(project = SUP AND AND) AND created >=")
