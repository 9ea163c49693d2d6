"""Derived figures: computed from the record, never stored by hand.

Each is one pure function over plain values, so its formula is pinned by unit tests.
"""

from core.derived.confidence import EvidenceFacts, confidence
from core.derived.pain_score import IMPACT_WEIGHT, pain_point_score
from core.derived.staleness import Staleness, staleness

__all__ = [
    "IMPACT_WEIGHT",
    "EvidenceFacts",
    "Staleness",
    "confidence",
    "pain_point_score",
    "staleness",
]
