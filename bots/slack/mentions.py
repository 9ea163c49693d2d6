"""``@journeyops pain <journey>/<step>: <text>`` logs a pain point (DESIGN.md flow 1).

Bolt acks the ``app_mention`` event at once; this listener then runs in Bolt's thread
pool: it reads the message's permalink and author from Slack, and in one transaction
records the event id (a retry or a second copy of the event changes nothing and posts
nothing) and logs the pain point with the message as evidence. Only then does it answer
the author privately: the confirmation with its buttons, a picker when the journey or
the step is not clear, or the help, never silence.
"""

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bots.slack import alerts, messages
from bots.slack.blocks.ids import PickRef
from bots.slack.blocks.pain_point import confirmation_blocks, confirmation_text
from bots.slack.blocks.pickers import journey_picker, place_picker
from bots.slack.deps import DELIVERY_SOURCE, SlackDeps, slack_actor
from bots.slack.mention_syntax import Help, LogPain, Request, parse_mention
from bots.slack.pain_logging import log_mentioned, logged_view
from bots.slack.places import find_journey, find_place, places_of
from bots.slack.replies import Reply, help_reply, notice, post_ephemeral
from bots.slack.slack_message import SlackMessage, from_bot, message_evidence
from core.errors import BadInput
from core.model import Journey
from core.services.deliveries import first_delivery
from core.services.evidence import EvidenceInput
from core.services.journeys import list_journeys
from core.store import UnitOfWork

logger = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    """Listen to ``app_mention``."""

    def on_mention(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        answer_mention(deps, client, body, event)

    app.event("app_mention")(on_mention)


def answer_mention(
    deps: SlackDeps, client: WebClient, body: dict[str, Any], event: dict[str, Any]
) -> None:
    """Handle one ``app_mention`` event (see the module docstring)."""
    if from_bot(event):
        logger.info("slack.mention.from_bot", extra={"bot_id": str(event.get("bot_id"))})
        return
    message = SlackMessage.from_event(body.get("team_id") or event.get("team"), event)
    request = parse_mention(message.text)
    # Slack calls happen before the transaction, so none is held open while Slack answers.
    proof = message_evidence(client, message) if isinstance(request, LogPain) else None
    uow = deps.unit_of_work_for(message.team_id, slack_actor(message.user))
    if uow is None:
        return
    event_id = str(body.get("event_id") or f"{message.channel}:{message.ts}")
    with uow:
        if not first_delivery(uow, DELIVERY_SOURCE, event_id):
            logger.info("slack.mention.duplicate", extra={"event_id": event_id})
            return
        reply = reply_to(uow, request, message, proof)
    post_ephemeral(client, message, reply)
    alerts.after_logging(deps, client, message.team_id)  # posts what became due
    logger.info("slack.mention.answered", extra={"event_id": event_id, "team_id": message.team_id})


def reply_to(
    uow: UnitOfWork, request: Request, message: SlackMessage, proof: EvidenceInput | None
) -> Reply:
    """Log what ``request`` asks for, or say what is missing; the answer to post."""
    if isinstance(request, Help):
        return help_reply(request.reason)
    journeys = list_journeys(uow)
    if not journeys:
        return notice(messages.NO_JOURNEYS)
    ref = PickRef(message.channel, message.ts, message.thread_ts)
    match = find_journey(journeys, request.journey)
    if match.found is None:
        first = list(match.choices)
        ordered = first + [j for j in journeys if j not in first]
        blocks = journey_picker(ref, request.journey, request.text, ordered)
        return Reply(messages.PICK_JOURNEY_FALLBACK, blocks)
    assert proof is not None
    return log_or_pick(uow, match.found, request, ref, proof)


def log_or_pick(
    uow: UnitOfWork, journey: Journey, request: LogPain, ref: PickRef, proof: EvidenceInput
) -> Reply:
    """Log ``request`` in ``journey`` at the step it names; a step picker when it names
    none, or none clearly."""
    place = find_place(journey, request.step).found if request.step else None
    if place is None:
        blocks = place_picker(
            ref.with_journey(journey.key), journey, request.step, request.text, places_of(journey)
        )
        return Reply(messages.PICK_PLACE_FALLBACK, blocks)
    try:
        pain_point = log_mentioned(uow, journey, place, request, proof)
    except BadInput as exc:
        return help_reply(str(exc))
    logger.info(
        "slack.pain_point.logged",
        extra={"journey": journey.key, "pain_point": pain_point.key},
    )
    logged = logged_view(uow, pain_point, ref.thread_ts)
    return Reply(confirmation_text(logged), confirmation_blocks(logged))
