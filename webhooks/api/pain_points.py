"""``/api/v1/pain-points/<id>``: read a pain point; read and attach its evidence."""

from typing import Any

from flask import Response, jsonify
from sqlalchemy import select

from core.errors import NotFound
from core.model import Journey, PainPoint
from core.services.evidence import attach_evidence, evidence_for
from core.services.journey_view import journey_view
from core.store import UnitOfWork
from webhooks.api.blueprint import api_unit, api_v1, json_body
from webhooks.api.bodies import EvidenceBody
from webhooks.api.resources import evidence_resource, pain_point_resource

MAX_ID = 2_147_483_647


def _pain_point(uow: UnitOfWork, pain_point_id: int) -> PainPoint:
    found = (
        uow.session.scalar(select(PainPoint).where(PainPoint.id == pain_point_id))
        if 0 < pain_point_id <= MAX_ID
        else None
    )
    if found is None:
        raise NotFound(f"no pain point {pain_point_id} in workspace {uow.workspace.key!r}")
    return found


@api_v1.get("/pain-points/<int(signed=True):pain_point_id>")
def pain_point(pain_point_id: int) -> Response:
    """One pain point, with its evidence count, confidence and score."""
    with api_unit() as uow:
        found = _pain_point(uow, pain_point_id)
        journey = uow.session.scalars(select(Journey).where(Journey.id == found.journey_id)).one()
        view = journey_view(uow, journey)
        row = next(r for r in view.pain_points if r.pain_point.id == found.id)
        return jsonify(pain_point_resource(view, row))


@api_v1.get("/pain-points/<int(signed=True):pain_point_id>/evidence")
def pain_point_evidence(pain_point_id: int) -> Response:
    """The pain point's evidence, in the order it was attached."""
    with api_unit() as uow:
        found = _pain_point(uow, pain_point_id)
        return jsonify(evidence=[evidence_resource(e) for e in evidence_for(uow, found)])


@api_v1.post("/pain-points/<int(signed=True):pain_point_id>/evidence")
def attach_pain_point_evidence(pain_point_id: int) -> tuple[Response, int, dict[str, Any]]:
    """Attach evidence: 201 when new, 200 when the same source and external id were
    attached before (merged, never doubled)."""
    with api_unit() as uow:
        body = json_body(EvidenceBody)
        found = _pain_point(uow, pain_point_id)
        evidence, outcome = attach_evidence(uow, found, body.proof(uow.actor))
        resource = {**evidence_resource(evidence), "outcome": outcome}
    return jsonify(resource), 201 if outcome == "created" else 200, {}
