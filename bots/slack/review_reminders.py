"""Review reminders (issue 6, item 4): a direct message to a journey's owner when the
journey passes its review cadence, once per cadence.

``remind_overdue`` runs from the scheduler. Each overdue journey's reminder is claimed in
the job ledger under ``<journey key>:<due date>`` first, so two schedulers send it once;
when the journey is reviewed its due date moves, and the next cadence gets its own
reminder. The owner is found by ``bots.slack.people.find_person``; an owner Slack does
not know is recorded on the run (and logged) instead of a guess, and not retried.

The message's **Mark reviewed** button sets the journey's last review to today (logged
as ``journey.updated`` by the person who clicked) and turns the message into a receipt.
"""

import logging
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bots.slack.acks import ack_now
from bots.slack.blocks.elements import Block, actions, button, context, section
from bots.slack.deps import SlackDeps, slack_actor
from bots.slack.listener_errors import logged
from bots.slack.mrkdwn import escape
from bots.slack.pain_logging import map_url
from bots.slack.people import find_person
from core.errors import NotFound
from core.services.digest import OverdueReview, overdue_reviews
from core.services.job_ledger import Claim, claim, fail, finish
from core.services.lookup import journey_by_key
from core.services.reviews import mark_reviewed, workspace_today
from core.store import Store, UnitOfWork

logger = logging.getLogger(__name__)

JOB = "review-reminder"
MARK_REVIEWED = "review.mark_reviewed"
OPEN_MAP = "review.open_map"
ACTOR = "journeyops"


def remind_overdue(store: Store, client: WebClient, workspace: str, now: datetime) -> int:
    """Send each due, unsent review reminder of ``workspace``; how many were sent."""
    with store.unit_of_work(workspace, actor=ACTOR) as uow:
        due = overdue_reviews(uow, now)
        urls = {o.key: _map_url(uow, o.key) for o in due}
    sent = 0
    for overdue in due:
        when = overdue.due_on.isoformat() if overdue.due_on else "never-reviewed"
        held = claim(store, workspace, JOB, f"{overdue.key}:{when}", now=now)
        if held is not None:
            sent += _remind(store, client, held, overdue, urls[overdue.key], now)
    return sent


def _map_url(uow: UnitOfWork, key: str) -> str | None:
    try:
        return map_url(uow, journey_by_key(uow, key))
    except NotFound:
        return None


def _remind(
    store: Store,
    client: WebClient,
    held: Claim,
    overdue: OverdueReview,
    url: str | None,
    now: datetime,
) -> int:
    try:
        person = find_person(client, overdue.owner) if overdue.owner else None
        if person is None:
            reason = f"owner {overdue.owner!r} not found in Slack" if overdue.owner else "no owner"
            logger.warning("slack.review.no_owner", extra={"journey": overdue.key, "why": reason})
            finish(store, held, now=now, detail=reason)
            return 0
        dm = client.conversations_open(users=person)["channel"]["id"]
        blocks = reminder_blocks(overdue, url)
        client.chat_postMessage(channel=dm, text=reminder_text(overdue), blocks=blocks)
    except SlackApiError as exc:
        fail(store, held, now=now, detail=str(exc.response.get("error", exc)))
        return 0
    finish(store, held, now=now, detail=f"sent to {person}")
    logger.info("slack.review.reminded", extra={"journey": overdue.key, "user": person})
    return 1


def reminder_text(overdue: OverdueReview) -> str:
    return f"Time to review the journey {escape(overdue.title)}"


def reminder_blocks(overdue: OverdueReview, url: str | None) -> list[Block]:
    """The reminder: which journey, when it was last reviewed and was due; the journey's
    key rides in the button's value."""
    if overdue.last_reviewed and overdue.due_on:
        cadence = (overdue.due_on - overdue.last_reviewed).days
        when = (
            f"it is reviewed every {cadence} days, last on "
            f"{overdue.last_reviewed.isoformat()}, so it was due on {overdue.due_on.isoformat()}"
        )
    else:
        when = "it has a review cadence but has never been reviewed"
    buttons = [button("Mark reviewed", MARK_REVIEWED, value=overdue.key, style="primary")]
    if url:
        buttons.append(button("Open the map", OPEN_MAP, url=url))
    return [
        section(
            f":calendar: *Time to review {escape(overdue.title)}*\n"
            f"You own this journey; {when}. Check its steps and pain points still hold, "
            "then mark it reviewed."
        ),
        context(f"Journey `{escape(overdue.key)}`"),
        actions("review", buttons),
    ]


def register(app: App, deps: SlackDeps) -> None:
    """Listen to the reminder's buttons."""

    def on_open_map(ack: Ack) -> None:
        ack()

    def on_mark_reviewed(body: dict[str, Any], client: WebClient) -> None:
        reviewed(deps, client, body)

    app.action(OPEN_MAP)(on_open_map)
    app.action(MARK_REVIEWED)(ack=ack_now, lazy=[logged(on_mark_reviewed)])


def reviewed(deps: SlackDeps, client: WebClient, body: dict[str, Any]) -> None:
    """Mark the journey reviewed today, and say so in place of the reminder."""
    user = str((body.get("user") or {}).get("id", ""))
    key = str(((body.get("actions") or [{}])[0]).get("value", ""))
    uow = deps.unit_of_work_for((body.get("team") or {}).get("id"), slack_actor(user))
    if uow is None:
        return
    channel = str((body.get("channel") or {}).get("id", ""))
    ts = str((body.get("message") or {}).get("ts", ""))
    with uow:
        try:
            journey = journey_by_key(uow, key)
        except NotFound:
            text = (
                f":warning: The journey `{escape(key)}` no longer exists (deleted or renamed), "
                "so nothing was marked reviewed."
            )
            client.chat_update(channel=channel, ts=ts, text=text, blocks=[section(text)])
            return
        today = workspace_today(uow, datetime.now(UTC))
        mark_reviewed(uow, journey.key, today)
        title = journey.title
    text = f":white_check_mark: *{escape(title)}* marked reviewed on {today.isoformat()}."
    client.chat_update(channel=channel, ts=ts, text=text, blocks=[section(text)])
