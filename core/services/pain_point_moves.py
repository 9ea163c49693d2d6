"""Moving a pain point to another step or stage of its journey."""

from core.enums import RecordType
from core.errors import BadInput
from core.model import PainPoint, Stage, Touchpoint
from core.store import UnitOfWork


def _place(stage: Stage, touchpoint: Touchpoint | None) -> dict[str, str | None]:
    return {"stage": stage.key, "touchpoint": touchpoint.key if touchpoint else None}


def move_pain_point(
    uow: UnitOfWork,
    pain_point: PainPoint,
    *,
    touchpoint: Touchpoint | None = None,
    stage: Stage | None = None,
) -> bool:
    """Put ``pain_point`` on ``touchpoint`` (a step, whose stage it takes too) or on a whole
    ``stage``; logged as ``pain_point.moved`` with where it was and where it went.

    Returns False when it already sits there (nothing is logged).

    Raises:
        BadInput: neither or both of step and stage, or a place in another journey.
    """
    if (touchpoint is None) == (stage is None):
        raise BadInput("give the step (touchpoint) or the stage to move the pain point to")
    target_stage = touchpoint.stage if touchpoint is not None else stage
    assert target_stage is not None
    if target_stage.journey_id != pain_point.journey_id:
        raise BadInput("a pain point can only move within its own journey")
    target_id = touchpoint.id if touchpoint is not None else None
    if (pain_point.stage_id, pain_point.touchpoint_id) == (target_stage.id, target_id):
        return False
    before = _place(pain_point.stage, pain_point.touchpoint)
    pain_point.stage = target_stage
    pain_point.touchpoint = touchpoint
    uow.record(
        "pain_point.moved",
        RecordType.PAIN_POINT,
        pain_point.id,
        journey_id=pain_point.journey_id,
        data={"from": before, "to": _place(target_stage, touchpoint)},
    )
    uow.session.flush()
    return True
