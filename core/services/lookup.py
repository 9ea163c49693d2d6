"""Finding records by the keys people use, inside the bound workspace."""

from sqlalchemy import bindparam, select

from core.errors import NotFound
from core.model import Journey, PainPoint, Stage, Touchpoint
from core.store import UnitOfWork

# Built once: a statement reused with new parameters skips SQLAlchemy's per-call work.
JOURNEY_BY_KEY = select(Journey).where(Journey.key == bindparam("key"))


def journey_by_key(uow: UnitOfWork, key: str) -> Journey:
    """The journey ``key``.

    Raises:
        NotFound: no journey has that key in this workspace.
    """
    # A NUL (from a URL's %00) is no key, and PostgreSQL refuses it in a query.
    journey = None if "\x00" in key else uow.session.scalar(JOURNEY_BY_KEY, {"key": key})
    if journey is None:
        raise NotFound(
            f"no journey {key!r} in workspace {uow.workspace.key!r}; "
            "`journeyops journeys` lists them"
        )
    return journey


def stage_by_key(uow: UnitOfWork, journey: Journey, key: str) -> Stage:
    """The stage ``key`` of ``journey``; raises NotFound naming the stages there are."""
    stage = uow.session.scalar(
        select(Stage).where(Stage.journey_id == journey.id, Stage.key == key)
    )
    if stage is None:
        known = ", ".join(s.key for s in journey.stages)
        raise NotFound(f"journey {journey.key!r} has no stage {key!r} (stages: {known})")
    return stage


def touchpoint_by_key(uow: UnitOfWork, journey: Journey, key: str) -> Touchpoint:
    """The touchpoint (step) ``key`` of ``journey``; raises NotFound when missing."""
    touchpoint = uow.session.scalar(
        select(Touchpoint).where(Touchpoint.journey_id == journey.id, Touchpoint.key == key)
    )
    if touchpoint is None:
        raise NotFound(f"journey {journey.key!r} has no step {key!r}")
    return touchpoint


def pain_point_by_key(uow: UnitOfWork, journey: Journey, key: str) -> PainPoint:
    """The pain point ``key`` of ``journey``; raises NotFound when missing."""
    pain_point = uow.session.scalar(
        select(PainPoint).where(PainPoint.journey_id == journey.id, PainPoint.key == key)
    )
    if pain_point is None:
        raise NotFound(f"journey {journey.key!r} has no pain point {key!r}")
    return pain_point
