"""A new journey file to fill in, with the stages of a preset."""

from typing import Any

from core.enums import JourneyType
from core.errors import BadInput
from core.presets import PRESETS
from core.slugs import slugify
from core.store.store import WORKSPACE_KEY_PATTERN as KEY_PATTERN

HEADER = """\
# A new journey map, made by `journeyops new`. Fill it in, then `journeyops import {file}`.
# Under each stage, list its steps:
#   touchpoints:
#     - key: product-page        # unique within the journey; people name it {key}/product-page
#       name: Product page
#       channel: web             # web app email phone chat social store mail in_person ...
#       emotion: 1               # -2 .. +2
#       emotion_reason: Finds the size guide at once
# Name the persona (key, name, role, goals ...) or give the key of one defined elsewhere.
# The format: core/files/journey.schema.json; full examples: examples/.
"""


def scaffold_journey(
    key: str, title: str | None, journey_type: JourneyType, preset: str
) -> dict[str, Any]:
    """A valid journey document with the preset's stages and nothing else yet.

    Raises:
        BadInput: the key is not a slug or the preset is unknown.
    """
    if not KEY_PATTERN.match(key):
        raise BadInput(f"journey key {key!r} is not a slug; try {slugify(key)!r}")
    if preset not in PRESETS:
        raise BadInput(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    return {
        "key": key,
        "title": title or key.replace("-", " ").capitalize(),
        "type": str(journey_type),
        "status": "draft",
        "persona": None,
        "stages": [
            {"key": stage_key, "name": name, "customer_goal": None, "touchpoints": []}
            for stage_key, name in PRESETS[preset].stages
        ],
        "pain_points": [],
        "opportunities": [],
    }
