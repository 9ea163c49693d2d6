"""``/api/v1/journeys``: read journeys; read and log their pain points."""

from typing import Any

from flask import Response, jsonify, url_for

from core.services.journey_export import journey_document
from core.services.journey_view import journey_view
from core.services.journeys import list_journeys
from core.services.lookup import journey_by_key
from core.services.pain_points import log_pain_point
from webhooks.api.blueprint import api_unit, api_v1, json_body
from webhooks.api.bodies import PainPointBody
from webhooks.api.resources import journey_summary, pain_point_resource


@api_v1.get("/journeys")
def journeys() -> Response:
    """The workspace's journeys, by key."""
    with api_unit() as uow:
        return jsonify(journeys=[journey_summary(j) for j in list_journeys(uow)])


@api_v1.get("/journeys/<key>")
def journey(key: str) -> Response:
    """One journey in the shape `journeyops export --format json` writes."""
    with api_unit() as uow:
        return jsonify(journey_document(uow, journey_by_key(uow, key)))


@api_v1.get("/journeys/<key>/pain-points")
def journey_pain_points(key: str) -> Response:
    """The journey's pain points, highest score first."""
    with api_unit() as uow:
        view = journey_view(uow, journey_by_key(uow, key))
        return jsonify(pain_points=[pain_point_resource(view, row) for row in view.pain_points])


@api_v1.post("/journeys/<key>/pain-points")
def create_pain_point(key: str) -> tuple[Response, int, dict[str, Any]]:
    """Log a pain point on a step or a stage (with its first evidence, optionally); the
    change is logged with origin ``api`` and marks the Confluence page dirty."""
    with api_unit() as uow:
        body = json_body(PainPointBody)
        pain_point = log_pain_point(
            uow,
            key,
            body.title,
            touchpoint_key=body.touchpoint,
            stage_key=body.stage,
            impact=body.impact,
            category=body.category,
            description=body.description,
            customers_affected=body.customers_affected,
            evidence=body.evidence.proof(uow.actor) if body.evidence else None,
        )
        view = journey_view(uow, journey_by_key(uow, key))
        row = next(r for r in view.pain_points if r.pain_point.id == pain_point.id)
        resource = pain_point_resource(view, row)
    location = url_for("api_v1.pain_point", pain_point_id=resource["id"])
    return jsonify(resource), 201, {"Location": location}
