"""The alert posted when a step's ticket volume spikes: where, how many against the usual,
the rules that count them, and a button to open the map (the alert's ``OPEN_MAP``)."""

from dataclasses import dataclass

from bots.slack.blocks.alert import OPEN_MAP
from bots.slack.blocks.elements import Block, actions, button, context, section
from bots.slack.blocks.pain_point import _link
from bots.slack.mrkdwn import escape

HEADLINE = ":chart_with_upwards_trend: Ticket volume spike"


@dataclass(frozen=True)
class SpikeView:
    """What a spike alert shows (plain text; escaped here)."""

    touchpoint_id: int
    journey_title: str
    place: str
    week: str  # the Monday the week starts on, ISO
    tickets: int
    baseline: float
    baseline_weeks: int
    rules: tuple[str, ...]
    map_url: str | None = None


def spike_text(view: SpikeView) -> str:
    """The notification text (shown where blocks cannot be)."""
    return (
        f"{HEADLINE}: {escape(view.journey_title)}: {escape(view.place)}: {view.tickets} this week"
    )


def spike_blocks(view: SpikeView) -> list[Block]:
    """The alert; the step's id rides in the actions block's id."""
    headline = f"*{HEADLINE}*\n*{escape(view.journey_title)}* · *{escape(view.place)}*"
    facts = (
        f"This week (from {view.week}): *{view.tickets}* tickets · usual: "
        f"*{view.baseline:.1f}* a week over the {view.baseline_weeks} weeks before"
    )
    blocks = [section(headline), section(facts)]
    if view.rules:
        blocks.append(context("Counted by: " + "; ".join(escape(r) for r in view.rules)))
    if _link(view.map_url, "map"):
        blocks.append(
            actions(
                f"spike|{view.touchpoint_id}", [button("Open the map", OPEN_MAP, url=view.map_url)]
            )
        )
    return blocks
