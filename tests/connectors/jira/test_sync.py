"""Publishing opportunities as Jira epics, end to end: the real client against the sandbox
stand-in (Cloud and Data Center, no issue property indexed for JQL), on SQLite and
PostgreSQL. The fixtures and helpers here serve ``test_sync_recovery`` (crashes, faults,
dry runs) and ``test_sync_status`` (the status pull) too."""

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from connectors.jira.client import JiraClient
from connectors.jira.render import journey_drafts
from connectors.jira.sync import IssueResult, JiraPublisher, Outcome
from core.enums import Origin, RecordType
from core.model import Evidence, Link, Opportunity, OpportunityPainPoint
from core.services.journey_files import import_journey_files
from core.settings import Settings, load_settings
from core.store import Store
from sandbox.jira import Issue, RunningSandbox, serve_jira
from tests.conftest import EXAMPLES

pytestmark = [
    pytest.mark.usefixtures("clean_env"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

TOKEN = "sandbox-jira-token-1234"
EMAIL = "cx-lead@example.com"
CHECKOUT = "ecommerce-checkout"


@pytest.fixture(params=["cloud", "datacenter"])
def jira(request: pytest.FixtureRequest) -> Iterator[RunningSandbox]:
    credentials = {"api_token": TOKEN} if request.param == "cloud" else {"pat": TOKEN}
    # No property indexed: finding our issues must not rely on issue.property[...] JQL.
    with serve_jira(flavour=request.param, indexed_properties=[], **credentials) as running:
        yield running
        assert running.state.violations == [], "a request Jira would refuse"


def settings_for(sandbox: RunningSandbox) -> Settings:
    cloud = sandbox.flavour == "cloud"
    return load_settings(
        jira_url=sandbox.url,
        jira_username=EMAIL if cloud else None,
        jira_api_token=TOKEN,
        jira_cloud=cloud,
        jira_project="CX",
        jira_rate_limit=0,
    )


class Run:
    """Publishes through a real client and remembers the waits it asked for."""

    def __init__(self, store: Store, sandbox: RunningSandbox) -> None:
        self.store = store
        self.sandbox = sandbox
        self.sleeps: list[float] = []
        self.clock = 0.0  # what the client's pacer reads: moves only when it waits

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock += seconds

    def __call__(
        self, *keys: str, dry_run: bool = False, pain_points: bool = False
    ) -> list[IssueResult]:
        client = JiraClient(settings_for(self.sandbox), sleep=self.sleep, clock=lambda: self.clock)
        try:
            with self.store.unit_of_work("w", origin=Origin.JIRA) as uow:
                publisher = JiraPublisher(
                    uow,
                    client,
                    project="CX",
                    issue_type="Epic",
                    pain_point_issue_type="Task",
                    pain_points=pain_points,
                )
                return publisher.publish(list(keys) or None, dry_run=dry_run)
        finally:
            client.close()


@pytest.fixture
def publish(store: Store, jira: RunningSandbox) -> Run:
    with store.unit_of_work("w") as uow:
        import_journey_files(uow, [EXAMPLES])
    return Run(store, jira)


def outcomes(results: list[IssueResult]) -> set[Outcome]:
    return {r.outcome for r in results}


def our_issues(sandbox: RunningSandbox) -> list[Issue]:
    return [i for i in sandbox.state.live_issues() if "journeyops" in i.labels]


def writes(sandbox: RunningSandbox) -> int:
    return sum(n for kind, n in sandbox.state.counts().items() if kind != "read")


def opportunity_ids(store: Store) -> dict[str, int]:
    with store.unit_of_work("w") as uow:
        return {o.key: o.id for o in uow.session.scalars(select(Opportunity))}


def epic_links(store: Store) -> dict[int, Link]:
    with store.unit_of_work("w") as uow:
        rows = uow.session.scalars(
            select(Link).where(Link.system == "jira", Link.record_type == "opportunity")
        )
        found = {link.record_id: link for link in rows if link.state.get("id")}
        uow.session.expunge_all()  # plain values to read after the unit of work
        return found


def drafted_links(store: Store, sandbox: RunningSandbox, *, pain_points: bool = False) -> int:
    """How many remote links the drafts of every journey hold."""
    from core.services.lookup import journey_by_key

    flavour = "cloud" if sandbox.flavour == "cloud" else "datacenter"
    total = 0
    with store.unit_of_work("w") as uow:
        for key in ("b2b-saas-onboarding", "checkout-future", CHECKOUT):
            drafts = journey_drafts(
                uow, journey_by_key(uow, key), flavour=flavour, pain_points=pain_points
            )
            total += sum(len(d.remote_links) for d in (*drafts.epics, *drafts.pain_point_issues))
    return total


def by_record(results: list[IssueResult]) -> dict[str, IssueResult]:
    return {r.record: r for r in results}


# -- first sync, re-sync, changes ------------------------------------------------------------


def test_first_sync_creates_one_epic_per_opportunity(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    results = publish()
    ids = opportunity_ids(store)
    assert len(results) == len(ids) == 16
    assert outcomes(results) == {Outcome.CREATED}
    issues = our_issues(jira)
    assert len(issues) == 16
    assert {i.issue_type.name for i in issues} == {"Epic"}
    assert {i.description.kind for i in issues if i.description} == {
        "adf" if jira.flavour == "cloud" else "wiki"
    }
    links = epic_links(store)
    for key, opportunity_id in ids.items():
        link = links[opportunity_id]
        issue = jira.state.issue(link.external_id)
        assert link.kind == "epic" and link.state["id"] == issue.id
        assert link.url == f"{jira.url}/browse/{issue.key}"
        assert link.fingerprint == link.state["fingerprint"]
        assert issue.properties["journeyops"]["opportunity"] == opportunity_id
        assert issue.properties["journeyops"]["workspace"] == "w"
        assert {"journeyops", f"journey-{issue.properties['journeyops']['journey']}"} <= set(
            issue.labels
        ), key
        assert any(label.startswith("stage-") for label in issue.labels)
    counts = jira.state.counts()
    assert counts["read"] == 1, "one search, no read per opportunity"
    assert counts["issue_write"] == 16
    assert counts["property_write"] == 0, "the property goes in with the issue"
    assert counts["remotelink_write"] == drafted_links(store, jira) > 0
    slack = [
        link
        for issue in issues
        for link in issue.remote_links
        if link.application == {"name": "Slack"}
    ]
    assert slack and all(link.global_id.startswith("journeyops:w:evidence:") for link in slack)


def test_an_unchanged_resync_creates_nothing_and_writes_nothing(
    publish: Run, jira: RunningSandbox
) -> None:
    publish()
    jira.state.clear_requests()
    results = publish()
    assert outcomes(results) == {Outcome.SKIPPED}
    assert len(our_issues(jira)) == 16
    assert jira.state.counts()["read"] == 1
    assert writes(jira) == 0


def test_a_changed_opportunity_title_updates_only_its_epic(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    publish()
    epic = jira.state.issue(
        epic_links(store)[opportunity_ids(store)["delivery-cost-in-basket"]].external_id
    )
    epic.labels.append("customer-facing")  # a person's label stays
    with store.unit_of_work("w") as uow:
        opportunity = uow.session.scalars(
            select(Opportunity).where(Opportunity.key == "delivery-cost-in-basket")
        ).one()
        opportunity.title = "Delivery cost, threshold and cheapest option in the basket"
    jira.state.clear_requests()
    results = by_record(publish())
    assert results["delivery-cost-in-basket"].outcome == Outcome.UPDATED
    assert results["delivery-cost-in-basket"].writes == 1
    assert {r.outcome for k, r in results.items() if k != "delivery-cost-in-basket"} == {
        Outcome.SKIPPED
    }
    counts = jira.state.counts()
    assert (counts["read"], counts["issue_write"], counts["remotelink_write"]) == (1, 1, 0)
    assert epic.summary == "Delivery cost, threshold and cheapest option in the basket"
    assert "customer-facing" in epic.labels and "journeyops" in epic.labels
    assert len(our_issues(jira)) == 16
    jira.state.clear_requests()
    assert outcomes(publish()) == {Outcome.SKIPPED}
    assert writes(jira) == 0


def test_a_pain_point_moved_to_another_stage_moves_the_stage_label(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    from core.services.lookup import journey_by_key, pain_point_by_key, stage_by_key

    first = by_record(publish(CHECKOUT))
    epic = jira.state.issue(first["delivery-cost-in-basket"].issue_key or "")
    epic.labels.append("customer-facing")  # a person's label stays
    with store.unit_of_work("w") as uow:
        journey = journey_by_key(uow, CHECKOUT)
        pain = pain_point_by_key(uow, journey, "hidden-delivery-cost")
        before = f"stage-{next(s.key for s in journey.stages if s.id == pain.stage_id)}"
        pain.stage_id = stage_by_key(uow, journey, "fulfilment").id
        pain.touchpoint_id = None
    assert before in epic.labels and before != "stage-fulfilment"
    results = by_record(publish(CHECKOUT))
    assert results["delivery-cost-in-basket"].outcome == Outcome.UPDATED
    assert "stage-fulfilment" in epic.labels and before not in epic.labels
    assert {"journeyops", f"journey-{CHECKOUT}", "customer-facing"} <= set(epic.labels)


def test_an_epic_whose_label_a_person_removed_gets_it_back(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    first = by_record(publish(CHECKOUT))
    epic = jira.state.issue(first["dated-delivery-promise"].issue_key or "")
    epic.labels.remove("journeyops")  # now the search cannot find it
    jira.state.clear_requests()
    results = by_record(publish(CHECKOUT))
    assert results["dated-delivery-promise"].outcome == Outcome.UPDATED
    assert "journeyops" in epic.labels
    counts = jira.state.counts()
    assert (counts["read"], counts["issue_write"]) == (2, 1), "read by id, then one edit"
    assert len(our_issues(jira)) == 5


def test_new_slack_evidence_posts_only_its_remote_link(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    from core.enums import EvidenceKind
    from core.services.evidence import EvidenceInput, attach_evidence
    from core.services.lookup import journey_by_key, pain_point_by_key

    publish()
    permalink = "https://northwind.slack.com/archives/C42/p1700000000000100"
    with store.unit_of_work("w") as uow:
        pain = pain_point_by_key(uow, journey_by_key(uow, CHECKOUT), "hidden-delivery-cost")
        proof = EvidenceInput(
            kind=EvidenceKind.SLACK_MESSAGE,
            text="Left at checkout when delivery appeared",
            source="slack",
            external_id="C42/1700000000.000100",
            permalink=permalink,
            author="Priya",
        )
        attach_evidence(uow, pain, proof)
    jira.state.clear_requests()
    results = by_record(publish(CHECKOUT))
    assert results["delivery-cost-in-basket"].outcome == Outcome.UPDATED
    counts = jira.state.counts()
    assert (counts["issue_write"], counts["remotelink_write"]) == (1, 1)
    epic = jira.state.issue(results["delivery-cost-in-basket"].issue_key or "")
    assert permalink in [link.object["url"] for link in epic.remote_links]
    others = len(epic.remote_links) - 1
    with store.unit_of_work("w") as uow:
        uow.session.delete(
            uow.session.scalars(select(Evidence).where(Evidence.permalink == permalink)).one()
        )
    jira.state.clear_requests()
    publish(CHECKOUT)
    counts = jira.state.counts()
    assert (counts["issue_write"], counts["remotelink_write"]) == (1, 1), "one delete"
    assert permalink not in [link.object["url"] for link in epic.remote_links]
    assert len(epic.remote_links) == others


# -- pain points, hand links, deleted issues --------------------------------------------------


def test_pain_points_become_issues_in_their_epic(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    results = publish(pain_points=True)
    pains = [r for r in results if r.kind == "pain_point"]
    assert len(pains) == 25 and outcomes(pains) == {Outcome.CREATED}
    with store.unit_of_work("w") as uow:
        first_epic: dict[int, int] = {}
        for row in uow.session.scalars(
            select(OpportunityPainPoint)
            .join(Opportunity, Opportunity.id == OpportunityPainPoint.opportunity_id)
            .order_by(Opportunity.position, OpportunityPainPoint.position)
        ):
            first_epic.setdefault(row.pain_point_id, row.opportunity_id)
        issue_links = {
            link.record_id: link.external_id
            for link in uow.session.scalars(
                select(Link).where(Link.system == "jira", Link.kind == "issue")
            )
            if link.state.get("id")
        }
    epics = {oid: link.external_id for oid, link in epic_links(store).items()}
    assert len(issue_links) == 25
    for pain_id, key in issue_links.items():
        issue = jira.state.issue(key)
        assert issue.issue_type.name == "Task"
        assert issue.parent_key == epics[first_epic[pain_id]]
    jira.state.clear_requests()
    assert outcomes(publish(pain_points=True)) == {Outcome.SKIPPED}
    assert writes(jira) == 0
    assert drafted_links(store, jira, pain_points=True) > drafted_links(store, jira)


def test_an_opportunity_linked_by_hand_to_an_epic_here_is_left_alone(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    from core.services.links import link_record

    ids = opportunity_ids(store)
    with store.unit_of_work("w") as uow:
        link_record(
            uow,
            RecordType.OPPORTUNITY,
            ids["delivery-cost-in-basket"],
            system="jira",
            kind="epic",
            external_id="CX-77",
            url=f"{jira.url}/browse/CX-77",
        )
    results = by_record(publish(CHECKOUT, pain_points=True))
    mine = results["delivery-cost-in-basket"]
    assert (mine.outcome, mine.issue_key) == (Outcome.SKIPPED, "CX-77")
    assert "by hand" in mine.detail
    assert results["hidden-delivery-cost"].outcome == Outcome.SKIPPED
    assert len([i for i in our_issues(jira) if i.issue_type.name == "Epic"]) == 4


def test_an_epic_deleted_in_jira_is_created_again(
    publish: Run, jira: RunningSandbox, store: Store
) -> None:
    first = by_record(publish(CHECKOUT))
    gone = first["dated-delivery-promise"].issue_key or ""
    jira.state.delete_issue(jira.state.issue(gone))
    results = by_record(publish(CHECKOUT))
    again = results["dated-delivery-promise"]
    assert again.outcome == Outcome.CREATED
    assert f"{gone} was deleted in Jira" in again.detail
    assert again.issue_key != gone
    assert epic_links(store)[opportunity_ids(store)["dated-delivery-promise"]].external_id == (
        again.issue_key
    )
