"""The pain-point score: impact weight x reach x evidence recency."""

import math
from datetime import datetime

IMPACT_WEIGHT = {"trivial": 1.0, "workaround": 3.0, "abandon": 9.0}
RECENCY_HALF_LIFE_DAYS = 30.0
RECENCY_FLOOR = 0.1  # old proof still counts for something
RECENCY_WITHOUT_EVIDENCE = 0.25


def reach(customers_affected: int | None, evidence_count: int) -> float:
    """``1 + log10(1 + customers_affected + evidence_count)``: 1 for nobody, ~4 for 1,000."""
    return 1.0 + math.log10(1 + (customers_affected or 0) + evidence_count)


def recency(newest_evidence: datetime | None, now: datetime) -> float:
    """``0.5 ** (age in days / 30)`` of the newest evidence, never below 0.1.

    Without any evidence the factor is 0.25: an unproven pain point ranks below a
    proven one of the same impact and reach.
    """
    if newest_evidence is None:
        return RECENCY_WITHOUT_EVIDENCE
    age_days = max(0.0, (now - newest_evidence).total_seconds() / 86_400)
    decay: float = 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS)
    return max(RECENCY_FLOOR, decay)


def pain_point_score(
    impact: str,
    customers_affected: int | None,
    evidence_count: int,
    newest_evidence: datetime | None,
    now: datetime,
) -> float:
    """Rank pain points: ``IMPACT_WEIGHT[impact] x reach(...) x recency(...)``, 2 decimals.

    Impact weights: trivial 1, workaround 3, abandon 9 (an abandoning customer is lost
    revenue; a workaround is friction).

    Raises:
        KeyError: an unknown impact.
    """
    score = IMPACT_WEIGHT[impact] * reach(customers_affected, evidence_count)
    return round(score * recency(newest_evidence, now), 2)
