"""The pickers a vague mention gets instead of a guess: which journey, which step."""

from collections.abc import Sequence

from bots.slack import messages
from bots.slack.blocks.elements import Block, actions, option, section, static_select
from bots.slack.blocks.ids import PICK_JOURNEY, PICK_PLACE, PickRef
from bots.slack.blocks.places import place_select
from bots.slack.mrkdwn import escape
from bots.slack.places import Place
from core.model import Journey


def journey_picker(
    ref: PickRef, typed: str, title: str, journeys: Sequence[Journey]
) -> list[Block]:
    """Pick the journey ``typed`` meant; ``journeys`` best guesses first."""
    question = messages.PICK_JOURNEY.format(typed=escape(typed), title=escape(title))
    choices = [option(j.title, j.key) for j in journeys]
    select = static_select(PICK_JOURNEY, messages.PICK_JOURNEY_PLACEHOLDER, options=choices)
    return [section(question), actions(ref.block_id(), [select])]


def place_picker(
    ref: PickRef, journey: Journey, typed: str | None, title: str, places: Sequence[Place]
) -> list[Block]:
    """Pick the step (or whole stage) of ``journey``; ``typed`` is what could not be
    placed (None when no step was named)."""
    couldnt = messages.PICK_PLACE_TYPED.format(typed=escape(typed)) if typed else ""
    question = messages.PICK_PLACE.format(
        journey=escape(journey.title), typed=couldnt, title=escape(title)
    )
    select = place_select(PICK_PLACE, messages.PICK_PLACE_PLACEHOLDER, places)
    return [section(question), actions(ref.block_id(), [select])]
