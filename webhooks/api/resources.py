"""How the API shows records: a journey in the export's file shape (the promise of
``core.services.journey_export``), a pain point and its evidence with their ids and
derived figures."""

from typing import Any

from core.model import Evidence, Journey
from core.services.journey_export import evidence_document
from core.services.journey_view import JourneyView, PainPointView


def journey_summary(journey: Journey) -> dict[str, Any]:
    """One line of ``GET /api/v1/journeys``."""
    return {
        "key": journey.key,
        "title": journey.title,
        "type": journey.type,
        "status": journey.status,
        "owner": journey.owner,
        "version": journey.version,
    }


def pain_point_resource(view: JourneyView, row: PainPointView) -> dict[str, Any]:
    """A pain point with where it sits, its evidence count, confidence and score."""
    p = row.pain_point
    stage_key, _, step_key = row.where.partition("/")
    return {
        "id": p.id,
        "journey": view.journey.key,
        "key": p.key,
        "title": p.title,
        "description": p.description,
        "stage": stage_key,
        "touchpoint": step_key or None,
        "impact": p.impact,
        "category": p.category,
        "status": p.status,
        "customers_affected": p.customers_affected,
        "evidence_count": len(row.evidence),
        "confidence": str(row.confidence),
        "score": round(row.score, 3),
    }


def evidence_resource(evidence: Evidence) -> dict[str, Any]:
    """A piece of evidence in the export's shape, with its id and pain point id."""
    return {"id": evidence.id, "pain_point": evidence.pain_point_id, **evidence_document(evidence)}
