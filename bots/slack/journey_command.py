"""``/journey list | show <key> | search <text>``: the workspace's journeys, from Slack.

The command is acked at once; the answer is read in one unit of work of the team's
workspace and sent privately (ephemeral) through the command's ``response_url``.
``show`` forgives case and small typos in the key (``places.find_journey``); anything
else gets the usage, never silence.
"""

import logging
from collections.abc import Sequence
from typing import Any

from slack_bolt import App, Respond
from sqlalchemy import func, select

from bots.slack.acks import ack_now
from bots.slack.blocks.elements import Block, section
from bots.slack.blocks.journeys import (
    SEP,
    JourneyRow,
    PainRow,
    StageRow,
    journeys_blocks,
    summary_blocks,
)
from bots.slack.deps import SlackDeps, slack_actor
from bots.slack.listener_errors import logged
from bots.slack.mrkdwn import escape, plain
from bots.slack.places import find_journey
from bots.slack.replies import Reply, notice, respond_with
from core.model import Journey, PainPoint
from core.services.journey_view import PainPointView, journey_view
from core.services.journeys import list_journeys
from core.store import UnitOfWork

logger = logging.getLogger(__name__)
COMMAND = "/journey"
TOP_PAIN_POINTS = 5
MAX_COMMAND_CHARS = 500
SEARCH_HITS = 15

# What the command says (placeholders take escaped mrkdwn). Kept here rather than in
# ``messages`` so this feature's strings change with it.
COMMAND_USAGE = (
    "*/journey list* — the workspace's journeys\n"
    "*/journey show* `<key>` — a journey's map summary and its top pain points\n"
    "*/journey search* `<text>` — journeys, steps and pain points named with those words"
)
COMMAND_USAGE_FALLBACK = "How to use /journey: list, show <key>, search <text>"
COMMAND_NOT_UNDERSTOOD = ":thinking_face: I don't know `{typed}`. Try:"
COMMAND_TOO_LONG = "That is too long for me; keep /journey under {limit} characters."
NO_JOURNEYS = "There are no journeys in this workspace yet. Import one with `journeyops import`."
JOURNEYS_FALLBACK = "{count} journeys"
NO_SUCH_JOURNEY = "I can't tell which journey *{typed}* is. Try one of: {keys}"
SUMMARY_FALLBACK = "The map of {title}"
SEARCH_FOUND = "Named with *{typed}*:"
SEARCH_NOTHING = "Nothing is named with *{typed}*."
SEARCH_MORE = "… and {count} more; narrow the search."


def register(app: App, deps: SlackDeps) -> None:
    """Listen to ``/journey``."""

    @logged
    def answer(command: dict[str, Any], respond: Respond) -> None:
        reply = answer_command(deps, command)
        if reply is not None:
            respond_with(respond, reply)

    app.command(COMMAND)(ack=ack_now, lazy=[answer])


def answer_command(deps: SlackDeps, command: dict[str, Any]) -> Reply | None:
    """What ``/journey <text>`` answers; None when the team is not one we serve."""
    text = plain(str(command.get("text") or "")).strip()
    uow = deps.unit_of_work_for(command.get("team_id"), slack_actor(command.get("user_id")))
    if uow is None:
        return None
    if len(text) > MAX_COMMAND_CHARS:
        return notice(COMMAND_TOO_LONG.format(limit=MAX_COMMAND_CHARS))
    verb, _, rest = text.partition(" ")
    verb, rest = verb.lower(), rest.strip()
    with uow:
        if verb == "list" and not rest:
            return list_reply(uow)
        if verb == "show" and rest:
            return show_reply(uow, rest)
        if verb == "search" and rest:
            return search_reply(uow, rest)
    logger.info("slack.command.usage", extra={"verb": verb[:40]})
    return usage_reply(text)


def usage_reply(typed: str = "") -> Reply:
    lines = [COMMAND_USAGE]
    if typed:
        lines.insert(0, COMMAND_NOT_UNDERSTOOD.format(typed=escape(typed[:80])))
    return Reply(COMMAND_USAGE_FALLBACK, [section("\n".join(lines))])


def pain_point_counts(uow: UnitOfWork) -> dict[int, int]:
    """How many pain points each journey of the workspace has, by journey id."""
    rows = uow.session.execute(
        select(PainPoint.journey_id, func.count()).group_by(PainPoint.journey_id)
    )
    return {journey_id: count for journey_id, count in rows}


def journey_rows(uow: UnitOfWork, journeys: Sequence[Journey]) -> list[JourneyRow]:
    counts = pain_point_counts(uow)
    return [JourneyRow(j.key, j.title, j.status, counts.get(j.id, 0)) for j in journeys]


def pain_row(journey: Journey, view: PainPointView) -> PainRow:
    pain_point = view.pain_point
    where = pain_point.stage.name
    if pain_point.touchpoint is not None:
        where += SEP + pain_point.touchpoint.name
    return PainRow(
        pain_point.title,
        journey.title + SEP + where,
        pain_point.impact,
        view.score,
        len(view.evidence),
    )


def lens_line(journey: Journey) -> str:
    """Type, persona, goal, timeframe, status and version: how the map looks at things."""
    parts = [journey.type, f"status {journey.status}", f"v{journey.version}"]
    if journey.persona is not None:
        parts.insert(1, f"persona {journey.persona.name}")
    if journey.goal:
        parts.append(f"goal: {journey.goal}")
    if journey.timeframe:
        parts.append(journey.timeframe)
    return " · ".join(parts)


def list_reply(uow: UnitOfWork) -> Reply:
    rows = journey_rows(uow, list_journeys(uow))
    blocks = journeys_blocks(rows, NO_JOURNEYS)
    return Reply(JOURNEYS_FALLBACK.format(count=len(rows)), blocks)


def show_reply(uow: UnitOfWork, typed: str) -> Reply:
    journeys = list_journeys(uow)
    if not journeys:
        return notice(NO_JOURNEYS)
    match = find_journey(journeys, typed)
    if match.found is None:
        keys = ", ".join(f"`{escape(j.key)}`" for j in match.choices or journeys)
        return notice(NO_SUCH_JOURNEY.format(typed=escape(typed), keys=keys))
    journey = match.found
    view = journey_view(uow, journey)
    [row] = journey_rows(uow, [journey])
    stages = [StageRow(s.name, len(s.touchpoints)) for s in journey.stages]
    top = [pain_row(journey, p) for p in view.pain_points[:TOP_PAIN_POINTS]]
    blocks = summary_blocks(row, lens_line(journey), stages, top)
    return Reply(SUMMARY_FALLBACK.format(title=escape(journey.title)), blocks)


def _hit(words: list[str], *names: str | None) -> bool:
    text = " ".join(n for n in names if n).lower()
    return all(word in text for word in words)


def search_reply(uow: UnitOfWork, typed: str) -> Reply:
    words = typed.lower().split()
    lines: list[str] = []
    for journey in list_journeys(uow):
        if _hit(words, journey.key, journey.title):
            lines.append(f":world_map: `{escape(journey.key)}` *{escape(journey.title)}*")
        for stage in journey.stages:
            for step in stage.touchpoints:
                if _hit(words, step.key, step.name):
                    where = journey.title + SEP + stage.name
                    lines.append(f":footprints: *{escape(step.name)}* ({escape(where)})")
        pain_points = uow.session.scalars(
            select(PainPoint).where(PainPoint.journey_id == journey.id).order_by(PainPoint.position)
        )
        for pain_point in pain_points:
            if _hit(words, pain_point.title):
                where = journey.title + SEP + pain_point.stage.name
                lines.append(f":warning: *{escape(pain_point.title)}* ({escape(where)})")
    if not lines:
        return notice(SEARCH_NOTHING.format(typed=escape(typed)))
    shown = lines[:SEARCH_HITS]
    more = len(lines) - len(shown)
    blocks: list[Block] = [section(SEARCH_FOUND.format(typed=escape(typed)))]
    blocks.append(section("\n".join(shown)))
    if more:
        blocks.append(section(SEARCH_MORE.format(count=more)))
    return Reply(SEARCH_FOUND.format(typed=escape(typed)), blocks)
