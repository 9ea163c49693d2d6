"""Derived figures: computed from the record, never stored by hand.

Each is one pure function over plain values, so its formula is pinned by unit tests.
"""

from core.derived.confidence import (
    EvidenceFacts,
    EvidenceSummary,
    confidence,
    confidence_of,
    summarise,
)
from core.derived.pain_score import IMPACT_WEIGHT, pain_point_score
from core.derived.staleness import Staleness, staleness

__all__ = [
    "IMPACT_WEIGHT",
    "EvidenceFacts",
    "EvidenceSummary",
    "Staleness",
    "confidence",
    "confidence_of",
    "pain_point_score",
    "staleness",
    "summarise",
]
