"""Background jobs of ``journeyops serve`` (APScheduler 3).

Jobs so far: publishing journeys whose Confluence page is dirty (changed since it was
last published, from anywhere: Slack, Jira, an import, the API), every
CONFLUENCE_SYNC_MINUTES. A run that finds nothing dirty costs one search and no write.
Asking the Slack threads behind a shipped fix whether it worked
(``bots.slack.close_loop``), every minute, in every workspace Slack reaches (either
mode) while JOURNEYOPS_CLOSE_THE_LOOP is true. Posting the alerts that became due
without a mention (``bots.slack.alerts``), every ALERT_SCAN_MINUTES. Reminding the
owners of journeys past their review cadence (``bots.slack.review_reminders``), every
REVIEW_SCAN_MINUTES, each reminder once per cadence however many schedulers run.
Pulling the tickets the steps' rules match, and alerting on spikes
(``webhooks.ticket_pulls``), every TICKET_PULL_MINUTES when a ticket source is set.
Posting each workspace's digest for its last complete period (``bots.slack.digest_schedule``):
checked every minute, posted once per period, late ones saying so.
Each job runs at most once at a time, and missed runs are folded into one.
"""

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bots.slack.alerts import post_due_alerts
from bots.slack.bolt_app import slack_enabled
from bots.slack.close_loop import ask_shipped_fixes
from bots.slack.digest_schedule import send_due_digest
from bots.slack.review_reminders import remind_overdue
from bots.slack.workspace_clients import workspace_clients
from connectors.confluence.errors import ConfluenceError
from connectors.confluence.publish_run import publish_workspace
from connectors.confluence.sync import Outcome
from core.services.job_ledger import claim, finish
from webhooks.runtime import Runtime
from webhooks.ticket_pulls import pull_all_tickets

logger = logging.getLogger(__name__)

ACTOR = "scheduler"
CONFLUENCE_JOB = "confluence-publish"
CLOSE_LOOP_JOB = "slack-close-loop"
ALERTS_JOB = "slack-alerts"
ALERT_SCAN_MINUTES = 5
REVIEWS_JOB = "slack-review-reminders"
DIGEST_JOB = "slack-digest"
TICKETS_JOB = "ticket-pull"
TICKET_PULL_MINUTES = 15
REVIEW_SCAN_MINUTES = 15


def this_slot(rt: Runtime, job: str, minutes: int, now: datetime | None = None) -> bool:
    """Whether this scheduler runs ``job``'s current ``minutes``-long slot: the first to
    claim it does, so two schedulers on one database do not run it side by side."""
    moment = now or datetime.now(UTC)
    start = int(moment.timestamp()) // (minutes * 60) * minutes * 60
    slot = datetime.fromtimestamp(start, UTC).isoformat()
    held = claim(
        rt.store, rt.settings.workspace, job, slot, now=moment, lease=timedelta(minutes=minutes)
    )
    if held is None:
        return False
    finish(rt.store, held, now=moment)  # a slot is one attempt: the next slot does the rest
    return True


def publish_dirty_pages(rt: Runtime, now: datetime | None = None) -> dict[str, int]:
    """Publish every dirty journey page of the workspace; returns outcome counts. Once per
    CONFLUENCE_SYNC_MINUTES slot however many schedulers run.

    Never raises for Confluence being away: the pages stay dirty and the next run
    publishes them.
    """
    if not this_slot(rt, CONFLUENCE_JOB, int(rt.settings.confluence_sync_minutes or 1), now):
        return {}
    try:
        results = publish_workspace(rt.store, rt.settings, actor=ACTOR)
    except ConfluenceError as exc:
        logger.warning("scheduler.confluence.unavailable", extra={"error": str(exc)})
        return {}
    counts = {o.value: n for o in Outcome if (n := sum(r.outcome == o for r in results))}
    if set(counts) - {Outcome.SKIPPED.value}:
        logger.info("scheduler.confluence.published", extra=counts)
    return counts


def in_each_workspace(rt: Runtime, work: Callable[[str, WebClient], int]) -> int:
    """``work(workspace, client)`` in every workspace Slack reaches; the sum of what it
    returns. Never raises for Slack being away: a workspace whose work Slack refused is
    logged, and the next run does what was left."""
    done = 0
    for key, client in workspace_clients(rt.store, rt.settings):
        try:
            done += work(key, client)
        except SlackApiError as exc:
            logger.warning(
                "scheduler.slack.unavailable", extra={"error": str(exc), "workspace": key}
            )
    return done


def ask_about_shipped_fixes(rt: Runtime) -> int:
    """Ask the Slack threads of newly shipped fixes whether they worked; how many were."""
    return in_each_workspace(
        rt, lambda key, client: ask_shipped_fixes(rt.store, rt.settings, client, key)
    )


def post_alerts(rt: Runtime) -> int:
    """Post the alerts that became due without a mention (evidence from the API, tickets,
    an alert whose post failed); how many were posted."""
    return in_each_workspace(
        rt, lambda key, client: post_due_alerts(rt.store, rt.settings, client, key)
    )


def send_review_reminders(rt: Runtime, now: datetime | None = None) -> int:
    """Remind the owners of journeys past their review cadence, in every workspace Slack
    reaches, each reminder once (claimed in the job ledger); how many were sent."""
    moment = now or datetime.now(UTC)
    return in_each_workspace(rt, lambda key, client: remind_overdue(rt.store, client, key, moment))


def pull_tickets(rt: Runtime, now: datetime | None = None) -> int:
    """Pull the tickets every step's rules match (Jira, Zendesk, Intercom), then post the
    spike alerts due; once per TICKET_PULL_MINUTES slot however many schedulers run.
    How many tickets were linked. A source that fails is reported against its rules and
    pulled again next time (``webhooks.ticket_pulls``)."""
    if not this_slot(rt, TICKETS_JOB, TICKET_PULL_MINUTES, now):
        return 0
    run = pull_all_tickets(rt.store, rt.settings)
    if run.linked or run.failed:
        logger.info(
            "scheduler.tickets.pulled",
            extra={"linked": run.linked, "failed_rules": run.failed, "alerts": run.alerts},
        )
    return run.linked


def send_digests(rt: Runtime, now: datetime | None = None) -> int:
    """Post each workspace's digest for its last complete period, once (claimed in the
    job ledger), in every workspace Slack reaches; how many were posted."""
    moment = now or datetime.now(UTC)
    return in_each_workspace(rt, lambda key, client: send_due_digest(rt.store, client, key, moment))


def build_scheduler(rt: Runtime) -> BackgroundScheduler:
    """A scheduler (not started) holding the jobs ``rt.settings`` enables."""
    scheduler = BackgroundScheduler(timezone="UTC")
    settings = rt.settings
    slack = slack_enabled(settings)
    confluence = bool(settings.confluence_url and settings.confluence_space)
    tickets = bool(settings.jira_url or settings.zendesk_url or settings.intercom_access_token)
    jobs: list[tuple[Callable[..., Any], str, float, bool]] = [
        (
            publish_dirty_pages,
            CONFLUENCE_JOB,
            settings.confluence_sync_minutes,
            confluence and settings.confluence_sync_minutes > 0,
        ),
        (pull_tickets, TICKETS_JOB, TICKET_PULL_MINUTES, tickets),
        (ask_about_shipped_fixes, CLOSE_LOOP_JOB, 1, slack and settings.journeyops_close_the_loop),
        (send_digests, DIGEST_JOB, 1, slack),
        (send_review_reminders, REVIEWS_JOB, REVIEW_SCAN_MINUTES, slack),
        (post_alerts, ALERTS_JOB, ALERT_SCAN_MINUTES, slack),
    ]
    for function, job_id, minutes, enabled in jobs:
        if not enabled:
            continue
        # Each runs at most once at a time; missed runs fold into one. The digest also
        # runs at start: a digest missed while nothing ran goes out (late) at once.
        first = {"next_run_time": datetime.now(UTC)} if job_id == DIGEST_JOB else {}
        scheduler.add_job(
            function,
            "interval",
            args=[rt],
            id=job_id,
            minutes=minutes,
            max_instances=1,
            coalesce=True,
            **first,
        )
    return scheduler
