"""The App Home: on ``app_home_opened``, the person's home tab is published afresh with
the workspace's journeys, the top pain points by score across them, and what this person
captured recently (evidence whose ``captured_by`` is their Slack user id).

Bolt acks the event first; reading the store and ``views.publish`` run after it. The
home only reads, so Slack's retries just publish the same home again.
"""

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import select

from bots.slack.blocks.elements import Block, clip, context, section
from bots.slack.blocks.journeys import SEP, header, journeys_blocks, pain_points_blocks
from bots.slack.deps import SlackDeps, slack_actor
from bots.slack.journey_command import NO_JOURNEYS, journey_rows, pain_row
from bots.slack.mrkdwn import escape
from core.model import Evidence
from core.services.journey_view import journey_view
from core.services.journeys import list_journeys
from core.store import UnitOfWork

logger = logging.getLogger(__name__)
TOP_PAIN_POINTS = 10
RECENT_CAPTURES = 10
QUOTE_CHARS = 200

HOME_TITLE = "journeyops"
JOURNEYS = "Journeys"
TOP = "Top pain points"
RECENT = "What I captured recently"
NO_PAIN_POINTS = "No pain points logged yet."
NOTHING_CAPTURED = (
    "Nothing yet. Mention me with `pain <journey>/<step>: <text>`, or use "
    "*Add to journey* on a message."
)


def register(app: App, deps: SlackDeps) -> None:
    """Listen to ``app_home_opened``."""

    def on_home_opened(body: dict[str, Any], event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        publish_home(deps, client, body.get("team_id"), str(event.get("user") or ""))

    app.event("app_home_opened")(on_home_opened)


def publish_home(deps: SlackDeps, client: WebClient, team_id: str | None, user: str) -> None:
    """Publish ``user``'s home in team ``team_id``; nothing for a team we do not serve.
    A refused ``views.publish`` is logged, not raised (no one is waiting for it)."""
    uow = deps.unit_of_work_for(team_id, slack_actor(user))
    if uow is None or not user:
        return
    with uow:
        blocks = home_blocks(uow, user)
    try:
        client.views_publish(user_id=user, view={"type": "home", "blocks": blocks})
    except (SlackApiError, SlackClientError) as exc:
        error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
        logger.warning("slack.home.failed", extra={"error": error or type(exc).__name__})
        return
    logger.info("slack.home.published", extra={"team_id": team_id})


def home_blocks(uow: UnitOfWork, user: str) -> list[Block]:
    """The home of Slack user ``user``, read from the unit of work's workspace."""
    journeys = list_journeys(uow)
    ranked = []
    for journey in journeys:
        ranked += [pain_row(journey, view) for view in journey_view(uow, journey).pain_points]
    ranked.sort(key=lambda row: -row.score)
    return [
        header(HOME_TITLE),
        header(JOURNEYS),
        *journeys_blocks(journey_rows(uow, journeys), NO_JOURNEYS),
        {"type": "divider"},
        header(TOP),
        *pain_points_blocks(ranked[:TOP_PAIN_POINTS], NO_PAIN_POINTS),
        {"type": "divider"},
        header(RECENT),
        *recent_blocks(uow, user),
    ]


def recent_blocks(uow: UnitOfWork, user: str) -> list[Block]:
    """The newest evidence ``user`` captured, one section each, newest first."""
    captured = uow.session.scalars(
        select(Evidence)
        .where(Evidence.captured_by == user)
        .order_by(Evidence.captured_at.desc(), Evidence.id.desc())
        .limit(RECENT_CAPTURES)
    )
    blocks: list[Block] = []
    for evidence in captured:
        about = ""
        if evidence.pain_point is not None:
            about = evidence.pain_point.journey.title + SEP + evidence.pain_point.title
        elif evidence.touchpoint is not None:
            about = evidence.touchpoint.stage.journey.title + SEP + evidence.touchpoint.name
        quote = escape(clip(" ".join(evidence.text.split()), QUOTE_CHARS)) or "_(no text)_"
        when = evidence.captured_at.strftime("%Y-%m-%d %H:%M")
        blocks.append(section(f"*{escape(about)}*\n>{quote}"))
        blocks.append(context(f"{escape(evidence.kind)} · {when}"))
    return blocks or [context(NOTHING_CAPTURED)]
