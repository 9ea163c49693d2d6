"""Jira labels of our issues: ``journeyops``, ``journey-<key>``, ``stage-<key>``.

Jira labels hold no spaces and at most 255 characters; keys are slugs already (the
journey-file schema and the services insist), but a label must never fail to be one.
"""

import hashlib
import re

from connectors.jira.facts import JourneyFacts, PainPointFacts
from core.slugs import slugify

LABEL = "journeyops"
MAX_LABEL = 255

_LABEL_SAFE = re.compile(r"[a-z0-9][a-z0-9-]*")


def label(prefix: str, key: str) -> str:
    """``<prefix>-<key>`` as a Jira label.

    A key that is a slug is used as it is; any other key becomes its slug plus the first
    8 hex digits of its sha256, so the same key always gives the same label and keys
    that slugify alike ("Check out", "check-out") still get different ones.
    """
    if _LABEL_SAFE.fullmatch(key) and len(prefix) + 1 + len(key) <= MAX_LABEL:
        return f"{prefix}-{key}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{prefix}-{slugify(key, max_length=64)}-{digest}"


def issue_labels(journey: JourneyFacts, pains: tuple[PainPointFacts, ...]) -> tuple[str, ...]:
    """The labels of an issue about ``pains``: ours, the journey's and each pain point's
    stage, sorted and without duplicates."""
    found = {LABEL, label("journey", journey.journey_key)}
    found.update(label("stage", pain.stage_key) for pain in pains)
    return tuple(sorted(found))
