"""Background jobs of ``journeyops serve`` (APScheduler 3).

Jobs so far: publishing journeys whose Confluence page is dirty (changed since it was
last published, from anywhere: Slack, Jira, an import, the API), every
CONFLUENCE_SYNC_MINUTES. A run that finds nothing dirty costs one search and no write.
Asking the Slack threads behind a shipped fix whether it worked
(``bots.slack.close_loop``), every minute, in the one-workspace Slack mode while
JOURNEYOPS_CLOSE_THE_LOOP is true.
Each job runs at most once at a time, and missed runs are folded into one.
"""

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk.errors import SlackApiError

from bots.slack.close_loop import ask_shipped_fixes
from bots.slack.web_client import slack_web_client
from connectors.confluence.errors import ConfluenceError
from connectors.confluence.publish_run import publish_workspace
from connectors.confluence.sync import Outcome
from webhooks.runtime import Runtime

logger = logging.getLogger(__name__)

ACTOR = "scheduler"
CONFLUENCE_JOB = "confluence-publish"
CLOSE_LOOP_JOB = "slack-close-loop"


def publish_dirty_pages(rt: Runtime) -> dict[str, int]:
    """Publish every dirty journey page of the workspace; returns outcome counts.

    Never raises for Confluence being away: the pages stay dirty and the next run
    publishes them.
    """
    try:
        results = publish_workspace(rt.store, rt.settings, actor=ACTOR)
    except ConfluenceError as exc:
        logger.warning("scheduler.confluence.unavailable", extra={"error": str(exc)})
        return {}
    counts = {o.value: n for o in Outcome if (n := sum(r.outcome == o for r in results))}
    if set(counts) - {Outcome.SKIPPED.value}:
        logger.info("scheduler.confluence.published", extra=counts)
    return counts


def ask_about_shipped_fixes(rt: Runtime) -> int:
    """Ask the Slack threads of newly shipped fixes whether they worked; how many asked.

    Never raises for Slack being away: what was not asked is asked by the next run.
    """
    token = rt.settings.slack_bot_token
    if token is None:
        return 0
    client = slack_web_client(rt.settings, token.get_secret_value())
    try:
        return ask_shipped_fixes(rt.store, rt.settings, client)
    except SlackApiError as exc:
        logger.warning("scheduler.slack.unavailable", extra={"error": str(exc)})
        return 0


def build_scheduler(rt: Runtime) -> BackgroundScheduler:
    """A scheduler (not started) holding the jobs ``rt.settings`` enables."""
    scheduler = BackgroundScheduler(timezone="UTC")
    settings = rt.settings
    if settings.confluence_url and settings.confluence_space and settings.confluence_sync_minutes:
        scheduler.add_job(
            publish_dirty_pages,
            "interval",
            args=[rt],
            id=CONFLUENCE_JOB,
            minutes=settings.confluence_sync_minutes,
            max_instances=1,
            coalesce=True,
        )
    # One token serves one team; the OAuth install's teams are not asked yet.
    if settings.slack_bot_token is not None and settings.journeyops_close_the_loop:
        scheduler.add_job(
            ask_about_shipped_fixes,
            "interval",
            args=[rt],
            id=CLOSE_LOOP_JOB,
            minutes=1,
            max_instances=1,
            coalesce=True,
        )
    return scheduler
