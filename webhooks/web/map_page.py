"""What the map templates walk: the Confluence page's presentation model (one ranking,
one numbering, one set of evidence links for both), plus what only the web shows:
the steps of each stage by lane, their confidence, staleness and ticket volume."""

from dataclasses import dataclass
from typing import Any

from connectors.confluence.render import StageColumn, StepCell, page_inputs, page_model
from core.enums import Lane
from core.model import Journey
from core.services.journey_view import journey_view
from core.services.ticket_volume import Volume, ticket_volume
from core.store import UnitOfWork

TICKET_WEEKS = 4  # this week and the three before, as `journeyops show` counts them
LANE_NAMES = {
    Lane.FRONTSTAGE.value: "Frontstage: what the customer sees",
    Lane.BACKSTAGE.value: "Backstage: what staff do out of sight",
    Lane.SUPPORT.value: "Support: systems and processes",
}


@dataclass(frozen=True)
class LaneRow:
    """One lane of the grid: per stage column, its steps in that lane."""

    lane: str
    title: str
    cells: tuple[tuple[StepCell, ...], ...]


def _lanes(columns: list[StageColumn]) -> list[LaneRow]:
    rows = []
    for lane in Lane:
        cells = tuple(
            tuple(s for s in c.steps if (s.touchpoint.lane or Lane.FRONTSTAGE) == lane)
            for c in columns
        )
        if lane == Lane.FRONTSTAGE or any(cells):
            rows.append(LaneRow(lane.value, LANE_NAMES[lane.value], cells))
    return rows


def map_context(uow: UnitOfWork, journey: Journey) -> dict[str, Any]:
    """Everything ``web/map.html.j2`` and ``web/embed.html.j2`` need about ``journey``."""
    view = journey_view(uow, journey)
    hint = f"journeyops export {journey.key} (workspace {uow.workspace.key})"
    model = page_model(view, page_inputs(uow, view, source_hint=hint))
    columns: list[StageColumn] = model["columns"]  # type: ignore[assignment]
    with_rules = [t.id for s in journey.stages for t in s.touchpoints if t.ticket_rules]
    tickets: dict[int, Volume] = ticket_volume(uow, with_rules, weeks=TICKET_WEEKS)
    return {
        **model,
        "lanes": _lanes(columns),
        "tickets": tickets,
        "ticket_weeks": TICKET_WEEKS,
        "step_count": sum(len(c.steps) for c in columns),
    }
