"""The alert posted to the workspace's alert channel: what hurts, where, how much, the
latest quote, and buttons to open the map and to ask for a Jira epic."""

from dataclasses import dataclass

from bots.slack.blocks.elements import Block, actions, button, context, section
from bots.slack.blocks.pain_point import _link
from bots.slack.mrkdwn import escape
from core.services.alert_rules import Crossing

OPEN_MAP = "alert.open_map"
CREATE_EPIC = "alert.create_epic"
HEADLINES = {
    Crossing.ABANDON: ":rotating_light: New pain point that makes people give up",
    Crossing.EVIDENCE: ":rotating_light: A pain point keeps coming up",
}


@dataclass(frozen=True)
class AlertView:
    """What an alert shows (plain text; escaped here)."""

    pain_point_id: int
    crossing: Crossing
    title: str
    journey_title: str
    place: str
    impact: str
    evidence_count: int
    latest_quote: str | None = None
    map_url: str | None = None


def alert_text(view: AlertView) -> str:
    """The notification text (shown where blocks cannot be)."""
    return f"{HEADLINES[view.crossing]}: {escape(view.journey_title)}: {escape(view.title)}"


def _quote(text: str) -> str:
    return "\n".join(">" + line for line in escape(text).splitlines() or [""])


def alert_blocks(view: AlertView) -> list[Block]:
    """The alert; the pain point's id rides in the epic button's value."""
    headline = (
        f"*{HEADLINES[view.crossing]}*\n*{escape(view.journey_title)}* · "
        f"*{escape(view.place)}*\n{escape(view.title)}"
    )
    facts = f"Impact: *{escape(view.impact)}* · Evidence: *{view.evidence_count}*"
    blocks = [section(headline), context(facts)]
    if view.latest_quote:
        blocks.append(section("Latest:\n" + _quote(view.latest_quote)))
    elements = []
    if _link(view.map_url, "map"):
        elements.append(button("Open the map", OPEN_MAP, url=view.map_url))
    elements.append(button("Create a Jira epic", CREATE_EPIC, value=str(view.pain_point_id)))
    blocks.append(actions(f"alert|{view.pain_point_id}", elements))
    return blocks
