"""Opportunities as Jira epics (and, with ``pain_points``, pain points as issues in them),
written only when they changed, never twice, and their delivery status pulled back.

How a run decides, draft by draft (``connectors.jira.render`` makes the drafts; Jira
calls: one search per 100 issues, nothing more for an unchanged draft):

* Our link (``Link`` system ``jira``, see ``linked_issues``) remembers the issue id, the
  fingerprint of what we last wrote, our labels and a digest per remote link.
* Same fingerprint, and the search found the issue with our label: ``skipped``, no call.
* Changed: one edit (summary, description, labels, parent, issue property), then only
  the remote links whose body changed, by globalId; ``updated``.
* No link: an issue of ours that names this record in its ``journeyops`` property (a run
  that died after creating it) is ``adopted`` and rewritten; else the issue is
  ``created``, with the property in the same request, then its remote links.
* The linked issue was deleted in Jira: it is created again (the detail says so).
* A person linked the opportunity to an epic on this site: ``skipped``; theirs to keep.

Whatever was done is stored before the next draft, so a run that fails half-way leaves
the next one only the rest. Then the status pull (``status_pull``) applies the status
categories the same search brought back.
"""

from collections.abc import Collection
from dataclasses import dataclass, field, replace

from sqlalchemy import select

from connectors.jira.client import JiraClient
from connectors.jira.issue_job import IssuePlan, IssueResult, Outcome, publish_issue
from connectors.jira.linked_issues import LinkedIssues, RecordKey, link_target
from connectors.jira.our_issues import OurIssues, find_our_issues
from connectors.jira.render import Flavour, IssueDraft, IssueKind, JourneyDrafts, journey_drafts
from connectors.jira.status_pull import pull_status
from core.enums import Origin, RecordType
from core.model import Journey, Opportunity, PainPoint
from core.services.lookup import journey_by_key
from core.store import UnitOfWork

__all__ = ["IssueResult", "JiraPublisher", "Outcome"]


@dataclass
class _Run:
    """What one ``publish`` call knows and has done so far."""

    linked: LinkedIssues
    ours: OurIssues
    dry_run: bool
    results: dict[RecordKey, IssueResult] = field(default_factory=dict)
    epic_keys: dict[int, str | None] = field(default_factory=dict)  # by opportunity id
    by_hand: dict[int, str] = field(default_factory=dict)  # opportunity id -> a person's epic


def _key(draft: IssueDraft) -> RecordKey:
    return link_target(draft)[0].value, draft.record_id


class JiraPublisher:
    """Publishes the opportunities of one workspace's journeys to one Jira project.

    Args:
        uow: the workspace's unit of work, with origin ``jira`` (the status pull's
            changes are logged with it); links are stored through it.
        client: a ``JiraClient``.
        project: the project key (JIRA_PROJECT).
        issue_type: what an opportunity becomes (JIRA_ISSUE_TYPE, e.g. Epic).
        pain_point_issue_type: what a pain point becomes (JIRA_PAIN_POINT_ISSUE_TYPE).
        pain_points: also publish each addressed pain point as an issue in its epic.

    Raises:
        ValueError: ``uow``'s origin is not ``jira``.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        client: JiraClient,
        *,
        project: str,
        issue_type: str,
        pain_point_issue_type: str,
        pain_points: bool = False,
    ) -> None:
        if uow.origin is not Origin.JIRA:
            raise ValueError("publish Jira issues in a unit of work with origin jira")
        self.uow = uow
        self.client = client
        self.project = project
        self.issue_type = issue_type
        self.pain_point_issue_type = pain_point_issue_type
        self.pain_points = pain_points

    def publish(
        self,
        keys: list[str] | None = None,
        *,
        dry_run: bool = False,
        opportunities: Collection[str] | None = None,
    ) -> list[IssueResult]:
        """Publish the journeys ``keys`` (all when None), then pull their issues' status.
        With ``opportunities`` (keys), only those opportunities' epics (and their pain
        points' issues) are published.

        Returns one result per draft, each journey's epics before its pain points'
        issues; then one per issue the pull moved that had no draft this run (a pain
        point's issue, without ``pain_points``). A failure on one issue is reported in
        its result and does not stop the others.

        Raises:
            JiraError: the search that starts the run failed (nothing was written).
            NotFound: a key names no journey.
        """
        if keys:
            journeys = [journey_by_key(self.uow, key) for key in dict.fromkeys(keys)]
        else:
            journeys = list(self.uow.session.scalars(select(Journey).order_by(Journey.key)))
        flavour: Flavour = "cloud" if self.client.cloud else "datacenter"
        drafts = [
            (j, journey_drafts(self.uow, j, flavour=flavour, pain_points=self.pain_points))
            for j in journeys
        ]
        if opportunities is not None:
            drafts = [(j, _only(d, set(opportunities))) for j, d in drafts]
        linked = LinkedIssues(self.uow)
        only = [journey.key for journey in journeys] if keys else None
        ours = find_our_issues(
            self.client, self.project, self.uow.workspace.key, linked.issue_ids(), only
        )
        run = _Run(linked, ours, dry_run)
        for journey, drafted in drafts:
            for draft in drafted.epics:
                self._publish_epic(run, journey, draft)
        for journey, drafted in drafts:
            for draft in drafted.pain_point_issues:
                self._publish_pain_point(run, journey, draft)
        return self._with_statuses(run, drafts)

    # -- publishing ---------------------------------------------------------------------

    def _publish_epic(self, run: _Run, journey: Journey, draft: IssueDraft) -> None:
        theirs = run.linked.hand_epic(draft.record_id, self.client.site_url)
        if theirs is not None:
            run.by_hand[draft.record_id] = theirs.external_id
            detail = f"linked by hand to {theirs.external_id}; journeyops leaves it alone"
            run.results[_key(draft)] = _skipped(journey, draft, theirs.external_id, detail)
            return
        result = self._publish(run, journey, draft, self.issue_type, None)
        run.epic_keys[draft.record_id] = result.issue_key

    def _publish_pain_point(self, run: _Run, journey: Journey, draft: IssueDraft) -> None:
        opportunity = draft.epic_opportunity_id
        assert opportunity is not None  # a pain point's draft names its epic
        if opportunity in run.by_hand:
            detail = f"its epic {run.by_hand[opportunity]} was linked by hand; left alone"
            run.results[_key(draft)] = _skipped(journey, draft, None, detail)
            return
        parent = run.epic_keys.get(opportunity)
        self._publish(run, journey, draft, self.pain_point_issue_type, parent)

    def _publish(
        self,
        run: _Run,
        journey: Journey,
        draft: IssueDraft,
        issue_type: str,
        parent_key: str | None,
    ) -> IssueResult:
        """One draft's Jira calls, then what they did stored before the next draft."""
        link = run.linked.of(draft)
        plan = IssuePlan(
            journey.key,
            draft,
            self.project,
            issue_type,
            linked_key=link.external_id if link is not None else None,
            state=dict(link.state or {}) if link is not None else {},
            parent_key=parent_key,
            dry_run=run.dry_run,
        )
        progress = publish_issue(self.client, plan, run.ours)
        if progress.ref is not None and not run.dry_run:
            url = self.client.issue_url(progress.ref.key)
            run.linked.store(journey.id, draft, progress, url)
        assert progress.result is not None
        run.results[_key(draft)] = progress.result
        return progress.result

    # -- the status pull ----------------------------------------------------------------

    def _with_statuses(
        self, run: _Run, drafts: list[tuple[Journey, JourneyDrafts]]
    ) -> list[IssueResult]:
        """Apply the status categories the run's search found (``status_pull``) and put
        what changed in the results. Issues created by this run were not in the search:
        the next run sees them."""
        changed: dict[RecordKey, str] = {}
        for key, link in list(run.linked.ours.items()):
            issue = run.ours.by_id.get(str(link.state.get("id")))
            if issue is not None:
                text = pull_status(self.uow, link, issue, dry_run=run.dry_run)
                if text:
                    changed[key] = text
        self.uow.session.flush()
        ordered = [
            replace(run.results[_key(d)], status=changed.pop(_key(d), ""))
            for _journey, drafted in drafts
            for d in (*drafted.epics, *drafted.pain_point_issues)
        ]
        return ordered + [self._pulled_only(run, key, text) for key, text in changed.items()]

    def _pulled_only(self, run: _Run, key: RecordKey, status: str) -> IssueResult:
        """The row of a record whose issue the pull moved, though it had no draft."""
        record_type, record_id = key
        epic = record_type == RecordType.OPPORTUNITY.value
        record: Opportunity | PainPoint | None = (
            self.uow.session.get(Opportunity, record_id)
            if epic
            else self.uow.session.get(PainPoint, record_id)
        )
        assert record is not None  # the pull just changed it
        kind = IssueKind.EPIC if epic else IssueKind.PAIN_POINT
        issue_key = run.linked.ours[key].external_id
        return IssueResult(
            record.journey.key, kind.value, record.key, Outcome.SKIPPED, issue_key, 0, "", status
        )


def _skipped(journey: Journey, draft: IssueDraft, key: str | None, detail: str) -> IssueResult:
    return IssueResult(
        journey.key, draft.kind.value, draft.record_key, Outcome.SKIPPED, key, 0, detail
    )


def _only(drafted: JourneyDrafts, opportunities: set[str]) -> JourneyDrafts:
    """``drafted`` without the epics of other opportunities (nor their issues)."""
    epics = tuple(d for d in drafted.epics if d.record_key in opportunities)
    kept = {d.record_id for d in epics}
    issues = tuple(d for d in drafted.pain_point_issues if d.epic_opportunity_id in kept)
    return JourneyDrafts(drafted.journey_key, epics, issues)
