"""Closing the loop (issue 5, item 5): when a pain point's fix ships, ask the Slack
threads that gave evidence for it whether the fix worked; the answers become evidence.

``ask_shipped_fixes`` reads the ``pain_point.fix_shipped`` events of the last
``LOOKBACK`` (recorded by Jira webhooks, the status pull and delivery tracking), and
replies in each thread behind the pain point's Slack evidence (source ``slack``, external
id ``<channel>:<ts>``) with two buttons. It runs every minute from the scheduler
(``webhooks.scheduler``) for each workspace Slack reaches, while JOURNEYOPS_CLOSE_THE_LOOP
and the workspace's close-the-loop setting are on (both are by default).

Once per thread per fix: each question is posted inside the transaction that records
``loop.asked`` (fix event id, thread) after checking none was, with the pain point's row
locked. A thread Slack refuses (channel archived, bot removed) is recorded with the
error and not asked again.

An answer is evidence of kind ``survey`` (solicited; sentiment +1 fixed, -1 still
happening) by the person who clicked; a second click by the same person in the same
thread changes their answer instead of adding one.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select

from bots.slack.blocks.elements import Block, actions, button, section
from bots.slack.deps import SlackDeps, slack_actor
from bots.slack.mrkdwn import escape
from bots.slack.pain_logging import pain_point_by_id
from bots.slack.slack_message import SOURCE
from core.enums import EvidenceKind, Origin, RecordType
from core.errors import BadInput
from core.model import Event, Evidence, PainPoint, Workspace
from core.services.evidence import EvidenceInput, attach_evidence
from core.settings import Settings
from core.store import Store, UnitOfWork

logger = logging.getLogger(__name__)

FIX_SHIPPED = "pain_point.fix_shipped"
LOOP_ASKED = "loop.asked"
FIXED = "loop.fixed"
STILL_HAPPENING = "loop.still_happening"
ACTOR = "journeyops"
LOOKBACK = timedelta(days=14)  # a fix older than this is not asked about any more
QUESTION = ":rocket: A fix for *{title}* has shipped. You raised this here: is it fixed for you?"
QUESTION_FALLBACK = "A fix for {title} has shipped. Is it fixed for you?"
ANSWERS = {FIXED: ("Yes, fixed", 1), STILL_HAPPENING: ("Still happening", -1)}
THANKS = "Thanks, noted as evidence for *{title}*: {answer}."


@dataclass(frozen=True)
class Thread:
    channel: str
    ts: str

    @property
    def key(self) -> str:
        return f"{self.channel}:{self.ts}"


def ask_shipped_fixes(
    store: Store,
    settings: Settings,
    client: WebClient,
    workspace: str | None = None,
    now: datetime | None = None,
) -> int:
    """Ask every evidence thread of the recently shipped fixes of ``workspace`` (default:
    the settings' workspace) that was not asked yet; returns how many questions were
    posted. Nothing while JOURNEYOPS_CLOSE_THE_LOOP is false, nor for a workspace whose
    close-the-loop setting is off (``journeyops workspace set --no-close-the-loop``)."""
    if not settings.journeyops_close_the_loop:
        return 0
    key = workspace or settings.workspace
    since = (now or datetime.now(UTC)) - LOOKBACK
    with store.unit_of_work(key, actor=ACTOR, origin=Origin.SLACK) as uow:
        if not _loop_on(uow):
            return 0
        due = [
            (fix_id, pain_point_id, thread)
            for fix_id, pain_point_id in shipped_since(uow, since)
            for thread in unasked_threads(uow, fix_id, pain_point_id)
        ]
    asked = 0
    for fix_id, pain_point_id, thread in due:
        with store.unit_of_work(key, actor=ACTOR, origin=Origin.SLACK) as uow:
            asked += _ask_once(uow, client, fix_id, pain_point_id, thread)
    return asked


def _loop_on(uow: UnitOfWork) -> bool:
    # Read fresh: the store caches workspace rows, and the setting may have changed since.
    on = uow.session.scalar(
        select(Workspace.close_the_loop).where(Workspace.id == uow.workspace_id)
    )
    return bool(on)


def shipped_since(uow: UnitOfWork, since: datetime) -> list[tuple[int, int]]:
    """(event id, pain point id) of each fix shipped since ``since``."""
    rows = uow.session.execute(
        select(Event.id, Event.record_id)
        .where(Event.action == FIX_SHIPPED, Event.at >= since)
        .order_by(Event.id)
    )
    return [(event_id, record_id) for event_id, record_id in rows]


def evidence_threads(uow: UnitOfWork, pain_point_id: int) -> list[Thread]:
    """The Slack threads the pain point's evidence came from, each once."""
    ids = uow.session.scalars(
        select(Evidence.external_id)
        .where(Evidence.pain_point_id == pain_point_id, Evidence.source == SOURCE)
        .order_by(Evidence.position, Evidence.id)
    )
    threads: list[Thread] = []
    for external_id in ids:
        channel, _, ts = (external_id or "").partition(":")
        # Answers to our questions carry a longer id; they are not threads of their own.
        thread = Thread(channel, ts)
        if channel and ts and ":" not in ts and thread not in threads:
            threads.append(thread)
    return threads


def _asked(uow: UnitOfWork, fix_id: int, pain_point_id: int) -> set[str]:
    rows = uow.session.scalars(
        select(Event.data).where(
            Event.action == LOOP_ASKED,
            Event.record_type == RecordType.PAIN_POINT.value,
            Event.record_id == pain_point_id,
        )
    )
    return {str(d.get("thread")) for d in rows if (d or {}).get("fix_event") == fix_id}


def unasked_threads(uow: UnitOfWork, fix_id: int, pain_point_id: int) -> list[Thread]:
    asked = _asked(uow, fix_id, pain_point_id)
    return [t for t in evidence_threads(uow, pain_point_id) if t.key not in asked]


def question_blocks(title: str, pain_point_id: int, fix_id: int) -> list[Block]:
    """The question with its two buttons; their value names the pain point and the fix."""
    value = f"{pain_point_id}|{fix_id}"
    return [
        section(QUESTION.format(title=escape(title))),
        actions(
            f"loop|{pain_point_id}|{fix_id}",
            [
                button(ANSWERS[FIXED][0], FIXED, value=value, style="primary"),
                button(ANSWERS[STILL_HAPPENING][0], STILL_HAPPENING, value=value),
            ],
        ),
    ]


def _ask_once(
    uow: UnitOfWork, client: WebClient, fix_id: int, pain_point_id: int, thread: Thread
) -> int:
    # The lock makes a second run at the same time wait, then see our event.
    pain_point = uow.session.scalar(
        select(PainPoint).where(PainPoint.id == pain_point_id).with_for_update()
    )
    if pain_point is None or thread.key in _asked(uow, fix_id, pain_point_id):
        return 0
    data: dict[str, object] = {"fix_event": fix_id, "thread": thread.key}
    try:
        client.chat_postMessage(
            channel=thread.channel,
            thread_ts=thread.ts,
            text=QUESTION_FALLBACK.format(title=escape(pain_point.title)),
            blocks=question_blocks(pain_point.title, pain_point.id, fix_id),
        )
    except SlackApiError as exc:
        data["error"] = str(exc.response.get("error", "unknown"))
        logger.warning("slack.loop.refused", extra={"thread": thread.key, **data})
    uow.record(
        LOOP_ASKED,
        RecordType.PAIN_POINT,
        pain_point.id,
        journey_id=pain_point.journey_id,
        data=data,
    )
    return 0 if "error" in data else 1


def register(app: App, deps: SlackDeps) -> None:
    """Listen to the question's two buttons."""

    def on_answer(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        record_answer(deps, client, body)

    app.action(FIXED)(on_answer)
    app.action(STILL_HAPPENING)(on_answer)


def record_answer(deps: SlackDeps, client: WebClient, body: dict[str, Any]) -> None:
    """Attach the clicked answer as evidence on the pain point; thank the person."""
    user = body.get("user") or {}
    user_id = str(user.get("id", ""))
    channel = str((body.get("channel") or {}).get("id", ""))
    message = body.get("message") or {}
    thread_ts = str(message.get("thread_ts") or message.get("ts") or "")
    action = (body.get("actions") or [{}])[0]
    pain_part, _, fix_part = str(action.get("value", "")).partition("|")
    answer = ANSWERS.get(str(action.get("action_id")))
    uow = deps.unit_of_work_for((body.get("team") or {}).get("id"), slack_actor(user_id))
    if uow is None or answer is None or not pain_part.isdigit():
        return
    label, sentiment = answer
    with uow:
        pain_point = pain_point_by_id(uow, int(pain_part))
        if pain_point is None:
            return
        proof = EvidenceInput(
            EvidenceKind.SURVEY,
            label,
            source=SOURCE,
            external_id=f"{channel}:{thread_ts}:loop:{fix_part}:{user_id}",
            author=str(user.get("name") or user_id),
            captured_by=user_id,
            note="Answer to: did the shipped fix work?",
            solicited=True,
            sentiment=sentiment,
        )
        try:
            attach_evidence(uow, pain_point, proof)
        except BadInput:
            logger.exception("slack.loop.answer_refused")
            return
        text = THANKS.format(title=escape(pain_point.title), answer=label)
    client.chat_postEphemeral(channel=channel, user=user_id, text=text, thread_ts=thread_ts)
    logger.info("slack.loop.answered", extra={"pain_point": pain_part, "answer": label})
