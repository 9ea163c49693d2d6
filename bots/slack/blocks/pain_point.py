"""The ephemeral confirmation of a logged pain point, with what can be done to it: move it
to another step, set its impact, open the map, capture the thread it was logged in."""

from collections.abc import Sequence
from dataclasses import dataclass

from bots.slack import messages
from bots.slack.blocks.elements import Block, actions, button, context, section
from bots.slack.blocks.ids import CAPTURE_THREAD, MOVE_PAIN_POINT, OPEN_MAP, SET_IMPACT, PainRef
from bots.slack.blocks.places import place_select
from bots.slack.mrkdwn import escape
from bots.slack.places import Place
from core.enums import Impact

IMPACT_ORDER = (Impact.ABANDON, Impact.WORKAROUND, Impact.TRIVIAL)


@dataclass(frozen=True)
class LoggedPainPoint:
    """What the confirmation shows of a pain point and offers to change."""

    pain_point_id: int
    title: str
    impact: str
    journey_title: str
    place: Place
    places: Sequence[Place]
    map_url: str | None = None
    permalink: str | None = None
    thread_ts: str | None = None


def _link(url: str | None, label: str) -> str | None:
    """``<url|label>`` for an http(s) URL that cannot break out of the link syntax."""
    if not url or not url.startswith(("https://", "http://")) or any(c in url for c in "<>| "):
        return None
    return f"<{url}|{label}>"


def confirmation_text(logged: LoggedPainPoint) -> str:
    """The notification text (shown where blocks cannot be)."""
    return messages.LOGGED_FALLBACK.format(
        journey=escape(logged.journey_title), title=escape(logged.title)
    )


def confirmation_blocks(logged: LoggedPainPoint, note: str | None = None) -> list[Block]:
    """The confirmation; ``note`` (mrkdwn, escaped) says what the last click changed."""
    headline = messages.LOGGED.format(
        journey=escape(logged.journey_title),
        place=escape(logged.place.label),
        title=escape(logged.title),
    )
    evidence = _link(logged.permalink, "your message")
    facts = [
        messages.IMPACT_IS.format(impact=escape(logged.impact)),
        f"Evidence: {evidence}" if evidence else messages.EVIDENCE_PLAIN,
    ]
    elements = [
        place_select(MOVE_PAIN_POINT, messages.MOVE_PLACEHOLDER, logged.places, logged.place)
    ]
    for impact in IMPACT_ORDER:
        elements.append(
            button(
                messages.IMPACT_LABELS[impact],
                f"{SET_IMPACT}.{impact.value}",
                value=impact.value,
                style="primary" if impact.value == logged.impact else None,
            )
        )
    if _link(logged.map_url, "map"):
        elements.append(button(messages.OPEN_MAP, OPEN_MAP, url=logged.map_url))
    if logged.thread_ts:
        elements.append(button(messages.CAPTURE_THREAD, CAPTURE_THREAD, value=logged.thread_ts))
    blocks = [section(headline), context(" · ".join(facts))]
    if note:
        blocks.append(context(note))
    blocks.append(actions(PainRef(logged.pain_point_id, logged.thread_ts).block_id(), elements))
    return blocks
