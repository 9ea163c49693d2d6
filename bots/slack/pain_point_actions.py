"""The buttons of a logged pain point's confirmation: move it to another step, set its
impact, open the map, capture the thread it was logged in.

Each is acked at once; the change runs lazily, in one unit of work of the clicking team's
workspace (so a pain point of another workspace is simply not found), and the
confirmation is replaced by one showing the change.
"""

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bots.slack import messages
from bots.slack.acks import ack_now
from bots.slack.blocks.ids import (
    CAPTURE_THREAD,
    MOVE_PAIN_POINT,
    OPEN_MAP,
    SET_IMPACT_PATTERN,
    PainRef,
)
from bots.slack.blocks.pain_point import confirmation_blocks, confirmation_text
from bots.slack.deps import SlackDeps, slack_actor
from bots.slack.listener_errors import logged
from bots.slack.mrkdwn import escape
from bots.slack.pain_logging import logged_view, pain_point_by_id
from bots.slack.places import place_by_value
from bots.slack.replies import Reply, notice, respond_with, small_notice
from bots.slack.thread_capture import capture_thread
from core.errors import BadInput
from core.model import PainPoint
from core.services.pain_point_moves import move_pain_point
from core.services.pain_points import update_pain_point
from core.store import UnitOfWork

logger = logging.getLogger(__name__)
Change = Callable[[UnitOfWork, PainPoint], str | None]


def register(app: App, deps: SlackDeps) -> None:
    """Listen to the confirmation's select and buttons."""

    @logged
    def moved(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        value = str((action.get("selected_option") or {}).get("value", ""))

        def move(uow: UnitOfWork, pain_point: PainPoint) -> str | None:
            place = place_by_value(uow, pain_point.journey_id, value)
            if place is None:
                return messages.PLACE_GONE
            whole_stage = place.stage if place.touchpoint is None else None
            move_pain_point(uow, pain_point, touchpoint=place.touchpoint, stage=whole_stage)
            return messages.MOVED.format(place=escape(place.label))

        change_pain_point(deps, body, action, respond, move)

    @logged
    def impact_set(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        impact = str(action.get("value", ""))

        def set_impact(uow: UnitOfWork, pain_point: PainPoint) -> str | None:
            update_pain_point(uow, pain_point, impact=impact)
            return messages.IMPACT_SET.format(impact=escape(impact))

        change_pain_point(deps, body, action, respond, set_impact)

    @logged
    def thread_captured(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ref = PainRef.parse(str(action.get("block_id", "")))
        channel = (body.get("container") or {}).get("channel_id") or (
            body.get("channel") or {}
        ).get("id")
        thread_ts = str(action.get("value") or "")
        if ref is None or not channel or not thread_ts:
            return
        answer = capture_thread(deps, client, body, str(channel), thread_ts, ref.pain_point_id)
        if answer is not None:
            respond_with(respond, small_notice(answer))

    app.action(MOVE_PAIN_POINT)(ack=ack_now, lazy=[moved])
    app.action(SET_IMPACT_PATTERN)(ack=ack_now, lazy=[impact_set])
    app.action(CAPTURE_THREAD)(ack=ack_now, lazy=[thread_captured])
    # A link button still tells the app it was clicked; Slack wants an ack for it.
    app.action(OPEN_MAP)(ack_now)


def change_pain_point(
    deps: SlackDeps,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    change: Change,
) -> None:
    """Apply ``change`` to the pain point the clicked block names, then show the
    confirmation again with the note ``change`` returned."""
    ref = PainRef.parse(str(action.get("block_id", "")))
    if ref is None:
        logger.warning("slack.action.malformed", extra={"action_id": action.get("action_id")})
        return
    user = (body.get("user") or {}).get("id")
    uow = deps.unit_of_work_for((body.get("team") or {}).get("id"), slack_actor(user))
    if uow is None:
        return
    with uow:
        pain_point = pain_point_by_id(uow, ref.pain_point_id)
        if pain_point is None:
            reply = notice(messages.PAIN_POINT_GONE)
        else:
            try:
                note = change(uow, pain_point)
            except BadInput as exc:
                note = escape(str(exc))
            view = logged_view(uow, pain_point, ref.thread_ts)
            reply = Reply(confirmation_text(view), confirmation_blocks(view, note))
    logger.info("slack.pain_point.changed", extra={"action_id": action.get("action_id")})
    respond_with(respond, reply, replace=True)
