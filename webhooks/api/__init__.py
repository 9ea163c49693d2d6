"""The JSON API (``/api/v1``): journeys (read), pain points and evidence (create, read),
with per-workspace API tokens. Its OpenAPI description is ``openapi.yaml`` here, served
at ``/api/v1/openapi.yaml``; ``api_v1`` is the blueprint ``create_app`` registers."""

from webhooks.api import journeys, pain_points
from webhooks.api.blueprint import api_v1

__all__ = ["api_v1", "journeys", "pain_points"]
