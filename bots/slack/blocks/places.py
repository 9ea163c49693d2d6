"""A select menu of a journey's places: one option group per stage, holding the whole
stage and each of its steps."""

from collections.abc import Sequence

from bots.slack.blocks.elements import (
    SELECT_OPTION_LIMIT,
    Block,
    option,
    option_group,
    static_select,
)
from bots.slack.places import Place

WHOLE_STAGE = "Whole stage: {stage}"


def place_option(place: Place) -> Block:
    if place.touchpoint is None:
        return option(WHOLE_STAGE.format(stage=place.stage.name), place.value)
    return option(place.touchpoint.name, place.value)


def place_select(
    action_id: str, placeholder: str, places: Sequence[Place], current: Place | None = None
) -> Block:
    """The select, with ``current`` chosen; past Slack's 100 options the rest are left out
    (the current place always stays)."""
    kept = list(places)
    if len(kept) > SELECT_OPTION_LIMIT:
        kept = kept[: SELECT_OPTION_LIMIT - 1]
        if current is not None and all(p.value != current.value for p in kept):
            kept.append(current)
    groups: dict[int, tuple[str, list[Block]]] = {}
    for place in kept:
        groups.setdefault(place.stage.id, (place.stage.name, []))[1].append(place_option(place))
    initial = None
    if current is not None and any(p.value == current.value for p in kept):
        initial = place_option(current)
    return static_select(
        action_id,
        placeholder,
        groups=[option_group(name, options) for name, options in groups.values()],
        initial=initial,
    )
