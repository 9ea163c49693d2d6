"""Creating, changing and listing journeys."""

from datetime import date

from sqlalchemy import select

from core.enums import JourneyStatus, JourneyType, RecordType
from core.errors import BadInput
from core.model import Journey, Persona, Stage
from core.presets import PRESETS
from core.services.changes import assign_changed
from core.services.lookup import journey_by_key
from core.slugs import slugify
from core.store import UnitOfWork
from core.store.store import WORKSPACE_KEY_PATTERN as KEY_PATTERN

EDITABLE = {
    "title",
    "type",
    "status",
    "scenario",
    "goal",
    "scope_start",
    "scope_end",
    "timeframe",
    "owner",
    "review_cadence_days",
    "last_reviewed",
}


def create_journey(
    uow: UnitOfWork,
    key: str,
    title: str,
    *,
    type: JourneyType = JourneyType.CURRENT_STATE,
    preset: str | None = None,
    persona_key: str | None = None,
    owner: str | None = None,
    improves: str | None = None,
) -> Journey:
    """Create a journey, optionally with the stages of a preset.

    Args:
        key: the stable slug people use to name it (``checkout``).
        preset: one of ``core.presets.PRESETS`` (``lifecycle``, ``aida`` ...).
        persona_key: an existing persona to make the primary one.
        improves: for a future-state map, the key of the current-state journey.

    Raises:
        BadInput: the key is not a slug or is taken, the type or preset is unknown, or
            ``improves`` is given for a map that is not future-state.
        NotFound: the persona or the improved journey does not exist.
    """
    if not KEY_PATTERN.match(key):
        raise BadInput(f"journey key {key!r} is not a slug; try {slugify(key)!r}")
    if uow.session.scalar(select(Journey.id).where(Journey.key == key)) is not None:
        raise BadInput(f"a journey {key!r} exists already")
    if type not in set(JourneyType):
        raise BadInput(f"unknown journey type {type!r}")
    if preset is not None and preset not in PRESETS:
        raise BadInput(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    journey = Journey(
        key=key, title=title, type=str(type), status=str(JourneyStatus.DRAFT), owner=owner
    )
    if persona_key is not None:
        persona = uow.session.scalar(select(Persona).where(Persona.key == persona_key))
        if persona is None:
            raise BadInput(f"no persona {persona_key!r} in this workspace")
        journey.persona = persona
    if improves is not None:
        if type != JourneyType.FUTURE_STATE:
            raise BadInput("only a future_state journey can name the journey it improves")
        journey.improves = journey_by_key(uow, improves)
    if preset is not None:
        journey.stages = [
            Stage(key=stage_key, name=name, position=i)
            for i, (stage_key, name) in enumerate(PRESETS[preset].stages)
        ]
    uow.session.add(journey)
    uow.session.flush()
    uow.record(
        "journey.created",
        RecordType.JOURNEY,
        journey.id,
        journey_id=journey.id,
        data={"key": key, "preset": preset},
    )
    return journey


def update_journey(uow: UnitOfWork, key: str, **fields: str | int | date | None) -> list[str]:
    """Change a journey's lens fields; bumps its version when anything changed.

    Raises:
        NotFound: no journey ``key``.
        BadInput: an unknown field or a value outside its vocabulary.
    """
    unknown = set(fields) - EDITABLE
    if unknown:
        raise BadInput(f"journeys have no editable field(s) {', '.join(sorted(unknown))}")
    if "type" in fields and fields["type"] not in set(JourneyType):
        raise BadInput(f"unknown journey type {fields['type']!r}")
    if "status" in fields and fields["status"] not in set(JourneyStatus):
        raise BadInput(f"unknown journey status {fields['status']!r}")
    journey = journey_by_key(uow, key)
    changed = assign_changed(journey, fields)
    if changed:
        journey.version += 1
        uow.record(
            "journey.updated",
            RecordType.JOURNEY,
            journey.id,
            journey_id=journey.id,
            data={"changed": changed},
        )
    return changed


def list_journeys(uow: UnitOfWork) -> list[Journey]:
    """The workspace's journeys, by key."""
    return list(uow.session.scalars(select(Journey).order_by(Journey.key)))
