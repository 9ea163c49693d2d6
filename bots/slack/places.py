"""Where in a journey a mention points: the journey by key or title, then the step by its
key or name, or else a whole stage by key or name (``place_matching`` forgives case and
small typos). What cannot be told apart is offered in a picker, never guessed.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from bots.slack.place_matching import Candidate, Match, best_match, names_match
from core.model import Journey, Stage, Touchpoint
from core.store import UnitOfWork

STEP = "step"
STAGE = "stage"


@dataclass(frozen=True)
class Place:
    """A step (``touchpoint``) within its stage, or a whole ``stage``."""

    stage: Stage
    touchpoint: Touchpoint | None = None

    @property
    def value(self) -> str:
        """How a select menu option names it: ``step:<id>`` or ``stage:<id>``."""
        if self.touchpoint is not None:
            return f"{STEP}:{self.touchpoint.id}"
        return f"{STAGE}:{self.stage.id}"

    @property
    def name(self) -> str:
        return self.touchpoint.name if self.touchpoint is not None else self.stage.name

    @property
    def label(self) -> str:
        """``Stage \u203a Step`` (a single right-pointing angle quotation mark), or
        ``Stage (whole stage)``."""
        if self.touchpoint is None:
            return f"{self.stage.name} (whole stage)"
        return f"{self.stage.name} \u203a {self.touchpoint.name}"


def find_journey(journeys: Sequence[Journey], typed: str) -> Match[Journey]:
    """The journey ``typed`` names (by key or title), or the closest to choose from."""
    return best_match(typed, [Candidate(j, (j.key, j.title)) for j in journeys])


def places_of(journey: Journey) -> list[Place]:
    """Every place of ``journey`` in map order: each stage, then its steps."""
    found: list[Place] = []
    for stage in journey.stages:
        found.append(Place(stage))
        found.extend(Place(stage, touchpoint) for touchpoint in stage.touchpoints)
    return found


def find_place(journey: Journey, typed: str) -> Match[Place]:
    """The step ``typed`` names, else the stage it names exactly, else the one closest
    place of the journey; ambiguous: the closest to choose from."""
    places = places_of(journey)
    steps = [p for p in places if p.touchpoint is not None]
    stages = [p for p in places if p.touchpoint is None]
    for group in (steps, stages):
        exact = [p for p in group if names_match(typed, (p.touchpoint or p.stage).key, p.name)]
        if len(exact) == 1:
            return Match(exact[0])
    candidates = [Candidate(p, ((p.touchpoint or p.stage).key, p.name)) for p in places]
    return best_match(typed, candidates)


def place_by_value(uow: UnitOfWork, journey_id: int, value: str) -> Place | None:
    """The place a select option's ``value`` names, if it is in journey ``journey_id``."""
    kind, _, number = value.partition(":")
    if not number.isdigit():
        return None
    if kind == STEP:
        touchpoint = uow.session.scalar(
            select(Touchpoint).where(
                Touchpoint.id == int(number), Touchpoint.journey_id == journey_id
            )
        )
        return Place(touchpoint.stage, touchpoint) if touchpoint is not None else None
    if kind == STAGE:
        stage = uow.session.scalar(
            select(Stage).where(Stage.id == int(number), Stage.journey_id == journey_id)
        )
        return Place(stage) if stage is not None else None
    return None
