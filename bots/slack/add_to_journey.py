"""The message shortcut "Add to journey": attach a message, or its whole thread, to a
pain point of a journey, or to a new one at a step.

1. The shortcut is acked, then ``views.open`` shows the modal with a journey select.
2. Choosing a journey (``block_actions`` in the modal) ``views.update``s it to the whole
   form: the journey's pain points or "new at a step", a note, the thread replies to
   include (default: the whole thread) and "post in thread".
3. The submission is checked in its ack (a new pain point needs a step and a title; the
   answer is ``response_action: errors``, which keeps the modal open). After the ack the
   message or thread is read from Slack, stored as evidence with ``attach_evidence``
   (``slack`` + ``channel:ts`` identify it, so capturing it again merges) and the person
   is told privately; the thread hears of it only when "post in thread" is ticked.
"""

import logging
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select

from bots.slack.acks import ack_now
from bots.slack.blocks.add_to_journey import (
    CALLBACK_ID,
    MESSAGE_ONLY,
    MODAL_CALLBACK_ID,
    NEW,
    NOTE,
    PICK_JOURNEY,
    POST,
    POST_IN_THREAD,
    REPLIES,
    STEP,
    TARGET,
    TITLE,
    CaptureRef,
    capture_modal,
)
from bots.slack.deps import SlackDeps, slack_actor
from bots.slack.listener_errors import logged
from bots.slack.mrkdwn import escape, plain
from bots.slack.pain_logging import pain_point_by_id
from bots.slack.places import find_journey, place_by_value, places_of
from bots.slack.slack_message import (
    SOURCE,
    SlackMessage,
    display_name,
    fetch_message,
    from_bot,
    message_evidence,
    permalink,
)
from bots.slack.thread_capture import read_thread, thread_snapshot
from core.enums import EvidenceKind, Impact
from core.errors import BadInput
from core.model import Journey, PainPoint
from core.services.evidence import EvidenceInput, attach_evidence
from core.services.journeys import list_journeys
from core.services.pain_points import log_pain_point
from core.store import UnitOfWork

logger = logging.getLogger(__name__)

NEED_STEP = "Pick the step the new pain point is at."
NEED_TITLE = "Say in a few words what hurts."
ADDED = {
    "created": ":white_check_mark: Added to *{title}* in *{journey}*.",
    "merged": ":white_check_mark: Updated the evidence of *{title}* in *{journey}*.",
    "unchanged": ":white_check_mark: *{title}* in *{journey}* already has this; nothing new.",
}
NEW_LOGGED = ":white_check_mark: Logged *{title}* in *{journey}* with this as evidence."
IN_THREAD = ":pushpin: Added to the journey *{journey}*: *{title}*"
GONE = "I can't read that message any more, so I can't add it."
FAILED = "I couldn't add that: {reason}"


def register(app: App, deps: SlackDeps) -> None:
    """Listen to the shortcut, the modal's journey select and its submission."""

    @logged
    def shortcut_used(body: dict[str, Any], client: WebClient) -> None:
        open_modal(deps, client, body)

    @logged
    def journey_chosen(body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        show_form(deps, client, body, str((action.get("selected_option") or {}).get("value")))

    def check_submission(ack: Ack, view: dict[str, Any]) -> None:
        errors = submission_errors(view)
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    @logged
    def submitted(body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        if not submission_errors(view):
            add_to_journey(deps, client, body, view)

    app.message_shortcut(CALLBACK_ID)(ack=ack_now, lazy=[shortcut_used])
    app.action(PICK_JOURNEY)(ack=ack_now, lazy=[journey_chosen])
    app.view(MODAL_CALLBACK_ID)(ack=check_submission, lazy=[submitted])


def _team(body: dict[str, Any]) -> str | None:
    return (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")


def _user(body: dict[str, Any]) -> str | None:
    return (body.get("user") or {}).get("id")


def open_modal(deps: SlackDeps, client: WebClient, body: dict[str, Any]) -> None:
    """``views.open`` the journey select for the shortcut's message."""
    message = body.get("message") or {}
    ts = str(message.get("ts") or body.get("message_ts") or "")
    thread_ts = message.get("thread_ts") or (ts if message.get("reply_count") else None)
    ref = CaptureRef(str((body.get("channel") or {}).get("id") or ""), ts, thread_ts)
    author = display_name(client, message.get("user")) or "someone"
    uow = deps.unit_of_work_for(_team(body), slack_actor(_user(body)))
    if uow is None:
        return
    with uow:
        journeys = list_journeys(uow)
        view = capture_modal(ref, author, plain(str(message.get("text") or "")), journeys)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def show_form(deps: SlackDeps, client: WebClient, body: dict[str, Any], key: str) -> None:
    """``views.update`` the modal to the whole form for journey ``key``."""
    view = body.get("view") or {}
    ref = CaptureRef.load(str(view.get("private_metadata") or ""))
    uow = deps.unit_of_work_for(_team(body), slack_actor(_user(body)))
    if ref is None or uow is None:
        return
    found = fetch_message(client, _team(body), ref.channel, ref.ts)
    author = display_name(client, found.user) if found else None
    with uow:
        journeys = list_journeys(uow)
        journey = find_journey(journeys, key).found
        if journey is None:
            return
        updated = capture_modal(
            CaptureRef(ref.channel, ref.ts, ref.thread_ts, journey.key),
            author or "someone",
            plain(found.text) if found else "",
            journeys,
            journey,
            pain_points_of(uow, journey),
            places_of(journey),
        )
    client.views_update(view_id=view["id"], hash=view.get("hash"), view=updated)


def pain_points_of(uow: UnitOfWork, journey: Journey) -> list[PainPoint]:
    """The journey's pain points in map order, as many as a select holds beside "new"."""
    query = select(PainPoint).where(PainPoint.journey_id == journey.id)
    return list(uow.session.scalars(query.order_by(PainPoint.position).limit(99)))


def _values(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The submitted inputs by block id (each input's action_id is its block id)."""
    found = (view.get("state") or {}).get("values") or {}
    return {block: entries.get(block) or {} for block, entries in found.items()}


def _chosen(values: dict[str, dict[str, Any]], block: str) -> str | None:
    value = (values.get(block, {}).get("selected_option") or {}).get("value")
    return str(value) if value else None


def submission_errors(view: dict[str, Any]) -> dict[str, str]:
    """What the person must fix before the modal can be submitted, by input block id."""
    values = _values(view)
    if _chosen(values, TARGET) != NEW:
        return {}
    errors = {}
    if TITLE in values and not str(values[TITLE].get("value") or "").strip():
        errors[TITLE] = NEED_TITLE
    if STEP in values and not _chosen(values, STEP):
        errors[STEP] = NEED_STEP
    return errors


def add_to_journey(
    deps: SlackDeps, client: WebClient, body: dict[str, Any], view: dict[str, Any]
) -> None:
    """Store the submitted capture; tell the person, and the thread when asked to."""
    ref = CaptureRef.load(str(view.get("private_metadata") or ""))
    user = _user(body)
    if ref is None or ref.journey is None or not user:
        return
    values = _values(view)
    team = _team(body)
    note = str(values.get(NOTE, {}).get("value") or "").strip() or None
    whole_thread = ref.thread_ts is not None and _chosen(values, REPLIES) != MESSAGE_ONLY
    ticked = values.get(POST, {}).get("selected_options") or []
    post = any(o.get("value") == POST_IN_THREAD for o in ticked)
    # Slack is read before the transaction, so none is held open while Slack answers.
    proof = read_proof(client, team, ref, user, whole_thread, note)
    if proof is None:
        tell(client, ref, user, GONE)
        return
    uow = deps.unit_of_work_for(team, slack_actor(user))
    if uow is None:
        return
    with uow:
        try:
            said, title, journey = store_capture(uow, ref, values, proof)
        except BadInput as exc:
            said, title, journey = FAILED.format(reason=escape(str(exc))), None, None
    tell(client, ref, user, said)
    if post and title is not None and journey is not None:
        thread = ref.thread_ts or ref.ts
        text = IN_THREAD.format(journey=escape(journey), title=escape(title))
        try:
            client.chat_postMessage(channel=ref.channel, thread_ts=thread, text=text)
        except (SlackApiError, SlackClientError) as exc:
            logger.warning("slack.capture.thread_post_failed", extra={"error": type(exc).__name__})
    logger.info("slack.capture.added", extra={"journey": ref.journey, "whole_thread": whole_thread})


def read_proof(
    client: WebClient,
    team: str | None,
    ref: CaptureRef,
    user: str,
    whole_thread: bool,
    note: str | None,
) -> EvidenceInput | None:
    """The message, or its whole thread, as evidence; None when Slack cannot give it."""
    if whole_thread and ref.thread_ts:
        proof = thread_evidence(client, ref.channel, ref.thread_ts)
    else:
        message = fetch_message(client, team, ref.channel, ref.ts)
        proof = message_evidence(client, message) if message is not None else None
    if proof is None:
        return None
    return replace(proof, captured_by=user, note=note)


def thread_evidence(client: WebClient, channel: str, thread_ts: str) -> EvidenceInput | None:
    """The people's messages of the thread as one ``slack_thread`` evidence, identified
    by ``channel:thread_ts`` as ``thread_capture`` does (the two merge); None when the
    thread cannot be read."""
    said = [m for m in read_thread(client, channel, thread_ts) if not from_bot(m)]
    if not said:
        return None
    names: dict[str, str] = {}
    return EvidenceInput(
        kind=EvidenceKind.SLACK_THREAD,
        text=thread_snapshot(client, said, names),
        source=SOURCE,
        external_id=f"{channel}:{thread_ts}",
        permalink=permalink(client, channel, thread_ts),
        author=names.get(str(said[0].get("user") or "")),
    )


def store_capture(
    uow: UnitOfWork, ref: CaptureRef, values: dict[str, dict[str, Any]], proof: EvidenceInput
) -> tuple[str, str | None, str | None]:
    """Attach ``proof`` to the chosen pain point, or log the new one with it; what to tell
    the person (escaped mrkdwn), and the pain point's title and journey title.

    Raises:
        BadInput: refused evidence or title (see ``attach_evidence``, ``log_pain_point``).
    """
    journeys = list_journeys(uow)
    journey = next((j for j in journeys if j.key == ref.journey), None)
    if journey is None:
        return FAILED.format(reason="that journey is gone"), None, None
    target = _chosen(values, TARGET)
    if target == NEW:
        place = place_by_value(uow, journey.id, _chosen(values, STEP) or "")
        if place is None:
            return FAILED.format(reason="that step is gone"), None, None
        title = str(values.get(TITLE, {}).get("value") or "").strip()
        log_pain_point(
            uow,
            journey.key,
            title,
            touchpoint_key=place.touchpoint.key if place.touchpoint is not None else None,
            stage_key=place.stage.key if place.touchpoint is None else None,
            impact=Impact.WORKAROUND,
            evidence=proof,
        )
        said = NEW_LOGGED.format(title=escape(title), journey=escape(journey.title))
        return said, title, journey.title
    pain_point = pain_point_by_id(uow, int(target)) if target and target.isdigit() else None
    if pain_point is None or pain_point.journey_id != journey.id:
        return FAILED.format(reason="that pain point is gone"), None, None
    _evidence, outcome = attach_evidence(uow, pain_point, proof)
    said = ADDED[outcome].format(title=escape(pain_point.title), journey=escape(journey.title))
    return said, pain_point.title, journey.title


def tell(client: WebClient, ref: CaptureRef, user: str, text: str) -> None:
    """Tell ``user`` privately, beside the captured message."""
    message = SlackMessage(None, ref.channel, ref.ts, user, "", ref.thread_ts)
    try:
        client.chat_postEphemeral(
            channel=message.channel, user=user, text=text, thread_ts=message.thread_ts
        )
    except (SlackApiError, SlackClientError) as exc:
        logger.warning("slack.capture.reply_failed", extra={"error": type(exc).__name__})
