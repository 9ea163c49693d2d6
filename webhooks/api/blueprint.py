"""The ``/api/v1`` blueprint: token checks, JSON errors and size limits.

Every route but ``/api/v1/openapi.yaml`` needs ``Authorization: Bearer <token>`` (an API
token of the served workspace, `journeyops token create NAME`); without one: 401.
Errors are JSON ``{"error": <code>, "message": <what to fix>}``: 400 the body is not a
JSON object, 401 no or a bad token, 404 no such record, 413 a body over 256 KiB,
422 a value refused (nothing was changed).
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from flask import Blueprint, Response, jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge
from werkzeug.exceptions import NotFound as NoRoute

from core.enums import Origin
from core.errors import BadInput, NotFound
from core.store import UnitOfWork
from webhooks.access import BadCredentials, bearer_viewer, request_unit

logger = logging.getLogger(__name__)

api_v1 = Blueprint("api_v1", __name__, url_prefix="/api/v1")

OPENAPI = Path(__file__).parent / "openapi.yaml"
MAX_BODY = 256 * 1024
Model = TypeVar("Model", bound=BaseModel)


class BadBody(Exception):
    """The request body is not a JSON object (400)."""


@contextmanager
def api_unit() -> Iterator[UnitOfWork]:
    """The request's unit of work (origin ``api``, actor ``api:<token name>``) once its
    Bearer token checks out; commits when the view returns.

    Raises:
        BadCredentials: no token, or one that is unknown or revoked.
    """
    with request_unit(Origin.API) as uow:
        if bearer_viewer(uow) is None:
            raise BadCredentials(
                "send Authorization: Bearer <token>; `journeyops token create NAME` makes one"
            )
        yield uow


def json_body(model: type[Model]) -> Model:
    """The request's JSON object as ``model``.

    Raises:
        BadBody: the body is not a JSON object.
        pydantic.ValidationError: a field is missing or refused.
    """
    # Also caps a chunked body, which announces no length: reading past it raises 413.
    request.max_content_length = MAX_BODY
    if (request.content_length or 0) > MAX_BODY:
        raise RequestEntityTooLarge()
    data: Any = request.get_json(silent=True, force=True)
    if not isinstance(data, dict):
        raise BadBody("send a JSON object (Content-Type: application/json)")
    return model.model_validate(data)


def _problem(code: str, message: str, status: int) -> tuple[Response, int]:
    return jsonify(error=code, message=message), status


@api_v1.after_request
def _headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cache-Control"] = "no-store"
    return response


@api_v1.errorhandler(BadCredentials)
def _unauthorized(exc: BadCredentials) -> tuple[Response, int]:
    logger.info("api.unauthorized", extra={"path": request.path})
    response, status = _problem("unauthorized", str(exc), 401)
    response.headers["WWW-Authenticate"] = 'Bearer realm="journeyops"'
    return response, status


@api_v1.errorhandler(NotFound)
def _not_found(exc: NotFound) -> tuple[Response, int]:
    return _problem("not_found", str(exc), 404)


@api_v1.errorhandler(BadInput)
def _refused(exc: BadInput) -> tuple[Response, int]:
    return _problem("invalid", str(exc), 422)


@api_v1.errorhandler(BadBody)
def _bad_body(exc: BadBody) -> tuple[Response, int]:
    return _problem("bad_request", str(exc), 400)


@api_v1.errorhandler(RequestEntityTooLarge)
def _too_large(_exc: RequestEntityTooLarge) -> tuple[Response, int]:
    return _problem("too_large", f"the body is over {MAX_BODY // 1024} KiB", 413)


@api_v1.app_errorhandler(NoRoute)
@api_v1.app_errorhandler(MethodNotAllowed)
def _no_route(exc: HTTPException) -> HTTPException | tuple[Response, int]:
    """Under /api/v1, a URL no route matches (``/pain-points/abc``) answers in JSON too;
    elsewhere Flask's own page stays."""
    if not request.path.startswith(api_v1.url_prefix or "/api/v1"):
        return exc
    if isinstance(exc, MethodNotAllowed):
        return _problem("method_not_allowed", "this URL does not take that method", 405)
    return _problem("not_found", "no such URL in the journeyops API", 404)


@api_v1.errorhandler(ValidationError)
def _invalid(exc: ValidationError) -> tuple[Response, int]:
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in error["loc"]) or "body"
        lines.append(f"{where}: {error['msg']}")
    return _problem("invalid", "; ".join(lines), 422)


@api_v1.get("/openapi.yaml")
def openapi_description() -> Response:
    """The OpenAPI 3 description of this API (no token needed: it holds no data)."""
    return Response(OPENAPI.read_bytes(), mimetype="application/yaml")
