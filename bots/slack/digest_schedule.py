"""The scheduled digest (issue 6): each workspace's digest, posted to its digest channel
once per period of its ``digest_cron`` in its ``timezone``.

``send_due_digest`` runs every minute from the scheduler. The period due is the last one
that is over (``previous_period``); its run is claimed in the job ledger first
(``digest``, ``<start>/<end>``), so two schedulers on one database, or one restarted in
the middle, post it once. Each message's ts is saved as it is posted: a run taken over
after a crash posts only the messages still missing. A digest posted more than
``LATE_AFTER`` after its period ended says at the top that it is late, and which period
it covers; after a missed week only the last period is sent (one late digest, not a
backlog). A period that ended before the workspace's digest channel was set is not sent.
"""

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select

from bots.slack.digest_post import post_digest
from core.model import Event, Workspace
from core.services.digest import build_digest, previous_period
from core.services.evidence import as_utc
from core.services.job_ledger import claim, fail, finish, save_progress
from core.store import Store, UnitOfWork

logger = logging.getLogger(__name__)

JOB = "digest"
LATE_AFTER = timedelta(hours=1)
ACTOR = "scheduler"


def send_due_digest(store: Store, client: WebClient, workspace: str, now: datetime) -> int:
    """Post ``workspace``'s digest for the last period that is over, unless it was; how
    many digests were posted (0 or 1)."""
    with store.unit_of_work(workspace, actor=ACTOR) as uow:
        row = uow.session.get(Workspace, uow.workspace_id, populate_existing=True)
        assert row is not None
        if not row.digest_channel:
            return 0
        channel = row.digest_channel
        period = previous_period(row.digest_cron, row.timezone, now)
        since = _channel_set_at(uow)
    if since is not None and since > period.end:
        return 0  # the channel was set after this period: its first digest is the next
    key = f"{period.start.isoformat()}/{period.end.isoformat()}"
    held = claim(store, workspace, JOB, key, now=now, late=now - period.end > LATE_AFTER)
    if held is None:
        return 0
    with store.unit_of_work(workspace, actor=ACTOR) as uow:
        digest = build_digest(uow, period, now=now)

    def saved(posted: list[str]) -> None:
        held.progress["posted"] = posted
        save_progress(store, held)

    try:
        posted = post_digest(
            client,
            channel,
            digest,
            late=held.late,
            already=list(held.progress.get("posted", [])),
            on_posted=saved,
        )
    except SlackApiError as exc:
        fail(store, held, now=now, detail=str(exc.response.get("error", exc)))
        return 0
    finish(store, held, now=now, detail=f"{len(posted)} message(s) to {channel}")
    return 1


def _channel_set_at(uow: UnitOfWork) -> datetime | None:
    """When the digest channel was last set (``journeyops workspace set``), if logged."""
    rows = uow.session.execute(
        select(Event.at, Event.data)
        .where(Event.action == "workspace.updated", Event.record_id == uow.workspace_id)
        .order_by(Event.at.desc())
    )
    for at, data in rows:
        if "digest_channel" in (data or {}):
            return as_utc(at)
    return None
