"""One Jira run for a workspace: what ``sync jira`` and the scheduler call."""

from connectors.jira.client import JiraClient
from connectors.jira.sync import IssueResult, JiraPublisher
from core.enums import Origin
from core.settings import Settings
from core.store import Store


def sync_workspace(
    store: Store,
    settings: Settings,
    keys: list[str] | None = None,
    *,
    actor: str,
    dry_run: bool = False,
    pain_points: bool = False,
    opportunities: list[str] | None = None,
) -> list[IssueResult]:
    """Publish ``settings.workspace``'s opportunities (of the journeys ``keys``, or all;
    unchanged ones cost nothing) as JIRA_ISSUE_TYPE issues in JIRA_PROJECT, with
    ``pain_points`` their pain points as JIRA_PAIN_POINT_ISSUE_TYPE issues in them, then
    pull the status of every issue of ours back into the journeys (origin ``jira``).
    ``opportunities`` (keys) narrows the run to those opportunities' epics.

    Raises:
        ValueError: Jira is not configured (the caller says what to set).
        JiraError: the run could not start (the search for our issues failed).
        NotFound: a key names no journey.
    """
    if not settings.jira_url or not settings.jira_project:
        raise ValueError("JIRA_URL and JIRA_PROJECT are not set")
    client = JiraClient(settings)
    try:
        with store.unit_of_work(settings.workspace, actor=actor, origin=Origin.JIRA) as uow:
            publisher = JiraPublisher(
                uow,
                client,
                project=settings.jira_project,
                issue_type=settings.jira_issue_type,
                pain_point_issue_type=settings.jira_pain_point_issue_type,
                pain_points=pain_points,
            )
            return publisher.publish(keys, dry_run=dry_run, opportunities=opportunities)
    finally:
        client.close()
