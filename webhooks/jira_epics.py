"""The Slack alert's "Create a Jira epic" button, served by the Jira connector: one
opportunity's epic made now (``bots.slack.deps.EpicMaker``), the way ``journeyops sync
jira JOURNEY`` makes epics, but for that one opportunity only."""

import logging

from bots.slack.deps import EpicMade, EpicMaker
from connectors.jira.client import issue_url
from connectors.jira.errors import JiraError
from connectors.jira.issue_job import Outcome
from connectors.jira.publish_run import sync_workspace
from core.settings import Settings
from core.store import Store

logger = logging.getLogger(__name__)


def jira_epic_maker(settings: Settings, store: Store) -> EpicMaker | None:
    """An ``EpicMaker`` publishing to JIRA_PROJECT; None when Jira is not configured."""
    if not settings.jira_url or not settings.jira_project:
        return None
    site = settings.jira_url

    def make_epic(workspace: str, journey: str, opportunity: str, actor: str) -> EpicMade:
        scoped = settings.model_copy(update={"journeyops_workspace": workspace})
        try:
            results = sync_workspace(
                store, scoped, [journey], actor=actor, opportunities=[opportunity]
            )
        except JiraError as exc:
            logger.warning("slack.epic.failed", extra={"error": str(exc)})
            return EpicMade(problem=str(exc))
        for result in results:
            if result.kind == "epic" and result.record == opportunity:
                if result.outcome == Outcome.FAILED or result.issue_key is None:
                    return EpicMade(problem=result.detail or "Jira refused the issue")
                return EpicMade(result.issue_key, issue_url(site, result.issue_key))
        return EpicMade(problem="the opportunity was not published")

    return make_epic
