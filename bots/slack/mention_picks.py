"""The pickers of a vague mention: choosing the journey, then the step, logs the pain point.

The picker's block id names the mention (``PickRef``); the message is read back from
Slack, parsed again and logged as if it had named the choice, once however often the
picker is used (its id is recorded like an event id). The picker is then replaced by
the confirmation.
"""

import logging
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bots.slack import alerts, messages
from bots.slack.acks import ack_now
from bots.slack.blocks.ids import PICK_JOURNEY, PICK_PLACE, PickRef
from bots.slack.blocks.pain_point import confirmation_blocks, confirmation_text
from bots.slack.blocks.pickers import place_picker
from bots.slack.deps import DELIVERY_SOURCE, SlackDeps, slack_actor
from bots.slack.listener_errors import logged
from bots.slack.mention_syntax import LogPain, parse_mention
from bots.slack.pain_logging import log_mentioned, logged_view
from bots.slack.places import Place, find_place, place_by_value, places_of
from bots.slack.replies import Reply, help_reply, notice, respond_with
from bots.slack.slack_message import SlackMessage, fetch_message, message_evidence
from core.errors import BadInput, NotFound
from core.model import Journey
from core.services.deliveries import first_delivery
from core.services.evidence import EvidenceInput
from core.services.lookup import journey_by_key
from core.store import UnitOfWork

logger = logging.getLogger(__name__)


def register(app: App, deps: SlackDeps) -> None:
    """Listen to the journey and the step pickers."""

    @logged
    def journey_chosen(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        chosen = (action.get("selected_option") or {}).get("value")
        complete_pick(deps, client, body, action, respond, journey=chosen)

    @logged
    def place_chosen(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        chosen = (action.get("selected_option") or {}).get("value")
        complete_pick(deps, client, body, action, respond, place=chosen)

    app.action(PICK_JOURNEY)(ack=ack_now, lazy=[journey_chosen])
    app.action(PICK_PLACE)(ack=ack_now, lazy=[place_chosen])


def complete_pick(
    deps: SlackDeps,
    client: WebClient,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    *,
    journey: str | None = None,
    place: str | None = None,
) -> None:
    """Log the picked mention, or ask for what is still missing (see the module doc)."""
    ref = PickRef.parse(str(action.get("block_id", "")))
    journey_key = journey or (ref.journey if ref else None)
    if ref is None or journey_key is None:
        logger.warning("slack.pick.malformed", extra={"action_id": action.get("action_id")})
        return
    team_id = (body.get("team") or {}).get("id")
    message = fetch_message(client, team_id, ref.channel, ref.ts)
    if message is None:
        respond_with(respond, notice(messages.MESSAGE_GONE), replace=True)
        return
    request = parse_mention(message.text)
    if not isinstance(request, LogPain):
        respond_with(respond, help_reply(request.reason), replace=True)
        return
    proof = message_evidence(client, message)
    user = (body.get("user") or {}).get("id")
    uow = deps.unit_of_work_for(team_id, slack_actor(user))
    if uow is None:
        return
    with uow:
        reply = _log_picked(uow, ref.with_journey(journey_key), message, request, proof, place)
    respond_with(respond, reply, replace=True)
    alerts.after_logging(deps, client, team_id)  # posts what became due


def _log_picked(
    uow: UnitOfWork,
    ref: PickRef,
    message: SlackMessage,
    request: LogPain,
    proof: EvidenceInput,
    place_value: str | None,
) -> Reply:
    assert ref.journey is not None
    try:
        journey = journey_by_key(uow, ref.journey)
    except NotFound as exc:
        return notice(str(exc))
    place = _chosen_place(uow, journey, request, place_value)
    if place is None:
        typed = request.step if place_value is None else None
        blocks = place_picker(ref, journey, typed, request.text, places_of(journey))
        if place_value is not None:
            blocks.insert(0, notice(messages.PLACE_GONE).blocks[0])
        return Reply(messages.PICK_PLACE_FALLBACK, blocks)
    if not first_delivery(uow, DELIVERY_SOURCE, ref.delivery_id):
        return notice(messages.ALREADY_PICKED)
    try:
        pain_point = log_mentioned(uow, journey, place, request, proof)
    except BadInput as exc:
        return help_reply(str(exc))
    logger.info(
        "slack.pain_point.logged",
        extra={"journey": journey.key, "pain_point": pain_point.key, "picked": True},
    )
    logged_point = logged_view(uow, pain_point, message.thread_ts)
    return Reply(confirmation_text(logged_point), confirmation_blocks(logged_point))


def _chosen_place(
    uow: UnitOfWork, journey: Journey, request: LogPain, place_value: str | None
) -> Place | None:
    if place_value is not None:
        return place_by_value(uow, journey.id, place_value)
    return find_place(journey, request.step).found if request.step else None
