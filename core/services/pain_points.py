"""Logging and changing pain points."""

from typing import Any

from sqlalchemy import bindparam, func, literal, select

from core.enums import Impact, PainCategory, PainStatus, RecordType
from core.errors import BadInput
from core.model import Evidence, Journey, PainPoint, Stage, Touchpoint
from core.services.changes import assign_changed
from core.services.evidence import (
    EvidenceInput,
    check_proof,
    evidence_row,
    record_evidence_attached,
)
from core.services.lookup import journey_by_key, stage_by_key, touchpoint_by_key
from core.slugs import free_slug, slugify
from core.store import UnitOfWork
from core.store.bulk import insert_rows

MAX_TITLE = 300


def _free_key(uow: UnitOfWork, journey_id: int, base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever the journey has not taken yet."""
    taken = set(
        uow.session.scalars(
            select(PainPoint.key).where(
                PainPoint.journey_id == journey_id, PainPoint.key.startswith(base)
            )
        )
    )
    return free_slug(base, taken)


def _placement(at_step: bool) -> Any:
    """The query that finds where a new pain point goes; built once per kind of place.

    Columns: journey id, stage id, touchpoint id, next list position, and how many keys of
    the journey start like the new one (so most logs need no second query for the key).
    """
    siblings = PainPoint.journey_id == Journey.id
    position = (
        select(func.coalesce(func.max(PainPoint.position) + 1, 0)).where(siblings).scalar_subquery()
    )
    similar = (
        select(func.count())
        .where(siblings, PainPoint.key.startswith(bindparam("key_base")))
        .scalar_subquery()
    )
    query: Any
    if at_step:
        on = (Touchpoint.journey_id == Journey.id) & (Touchpoint.key == bindparam("place"))
        query = select(Journey.id, Touchpoint.stage_id, Touchpoint.id).outerjoin(Touchpoint, on)
    else:
        on = (Stage.journey_id == Journey.id) & (Stage.key == bindparam("place"))
        query = select(Journey.id, Stage.id, literal(None)).outerjoin(Stage, on)
    return query.add_columns(position, similar).where(Journey.key == bindparam("journey_key"))


PLACEMENT = {True: _placement(at_step=True), False: _placement(at_step=False)}


def _place(
    uow: UnitOfWork,
    journey_key: str,
    touchpoint_key: str | None,
    stage_key: str | None,
    key_base: str,
) -> tuple[int, int, int | None, int, bool]:
    """Where a new pain point goes, in one query: journey id, stage id, touchpoint id,
    the next list position, and whether ``key_base`` may already be taken.

    Raises:
        NotFound: the journey, the step or the stage does not exist.
    """
    at_step = touchpoint_key is not None
    row: Any = uow.session.execute(
        PLACEMENT[at_step],
        {"journey_key": journey_key, "place": touchpoint_key or stage_key, "key_base": key_base},
    ).first()
    if row is None:
        journey_by_key(uow, journey_key)  # raises NotFound, saying how to list journeys
    journey_id, stage_id, touchpoint_id, next_position, collisions = row
    if stage_id is None:
        journey = journey_by_key(uow, journey_key)
        if touchpoint_key is not None:
            touchpoint_by_key(uow, journey, touchpoint_key)  # raises NotFound
        stage_by_key(uow, journey, stage_key or "")  # raises NotFound, listing the stages
    return journey_id, stage_id, touchpoint_id, next_position, bool(collisions)


def log_pain_point(
    uow: UnitOfWork,
    journey_key: str,
    title: str,
    *,
    touchpoint_key: str | None = None,
    stage_key: str | None = None,
    impact: Impact = Impact.WORKAROUND,
    category: PainCategory = PainCategory.CUSTOMER,
    description: str | None = None,
    customers_affected: int | None = None,
    evidence: EvidenceInput | None = None,
) -> PainPoint:
    """Log a pain point at a step (touchpoint) or at a whole stage, with optional evidence.

    Args:
        journey_key: the journey's key.
        title: one line saying what hurts (at most 300 characters).
        touchpoint_key: the step it sits on; or give ``stage_key`` for a whole stage.
        evidence: the proof that came with it (e.g. the Slack message itself).

    Raises:
        NotFound: the journey, step or stage does not exist.
        BadInput: empty or over-long title, neither or both of step and stage, a
            negative count of customers, or refused evidence.
    """
    title = title.strip()
    if not title:
        raise BadInput("a pain point needs a title: say in a few words what hurts")
    if len(title) > MAX_TITLE:
        raise BadInput(f"the title is {len(title)} characters; keep it under {MAX_TITLE}")
    if (touchpoint_key is None) == (stage_key is None):
        raise BadInput("give the step (touchpoint) or the stage the pain point sits on")
    if customers_affected is not None and customers_affected < 0:
        raise BadInput("customers affected cannot be negative")
    checked = check_proof(uow, evidence) if evidence is not None else None
    # Nothing is pending that these reads need: skip the autoflush, flush once below.
    with uow.session.no_autoflush:
        base = slugify(title, max_length=72)
        journey_id, stage_id, touchpoint_id, position, maybe_taken = _place(
            uow, journey_key, touchpoint_key, stage_key, base
        )
        key = _free_key(uow, journey_id, base) if maybe_taken else base
    pain_point = PainPoint(
        journey_id=journey_id,
        stage_id=stage_id,
        touchpoint_id=touchpoint_id,
        key=key,
        position=position,
        title=title,
        description=description,
        impact=str(Impact(impact)),
        category=str(PainCategory(category)),
        status=str(PainStatus.OPEN),
        customers_affected=customers_affected,
    )
    uow.session.add(pain_point)
    uow.session.flush()
    uow.record(
        "pain_point.created",
        RecordType.PAIN_POINT,
        pain_point.id,
        journey_id=journey_id,
        data={"key": pain_point.key, "title": title, "impact": pain_point.impact},
    )
    if checked is not None:
        row = {
            "journey_id": journey_id,
            "pain_point_id": pain_point.id,
            "touchpoint_id": None,
            **evidence_row(checked),
        }
        [evidence_id] = insert_rows(uow.session, Evidence, [row], uow.workspace_id)
        record_evidence_attached(uow, evidence_id, journey_id, row, "pain_point")
    return pain_point


def update_pain_point(uow: UnitOfWork, pain_point: PainPoint, **fields: object) -> list[str]:
    """Change a pain point's title, description, impact, category, status or reach.

    Returns the names of the fields that changed (nothing is logged when none did).

    Raises:
        BadInput: an unknown field or a value outside its vocabulary.
    """
    allowed = {"title", "description", "impact", "category", "status", "customers_affected"}
    unknown = set(fields) - allowed
    if unknown:
        raise BadInput(f"pain points have no field(s) {', '.join(sorted(unknown))}")
    for name, vocabulary in (
        ("impact", Impact),
        ("category", PainCategory),
        ("status", PainStatus),
    ):
        if name in fields and fields[name] not in set(vocabulary):
            choices = ", ".join(v.value for v in vocabulary)
            raise BadInput(f"{name} must be one of {choices}, not {fields[name]!r}")
    before = {name: getattr(pain_point, name) for name in fields}
    changed = assign_changed(pain_point, fields)
    if changed:
        uow.record(
            "pain_point.updated",
            RecordType.PAIN_POINT,
            pain_point.id,
            journey_id=pain_point.journey_id,
            data={name: [before[name], fields[name]] for name in changed},
        )
    return changed
