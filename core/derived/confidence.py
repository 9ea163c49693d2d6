"""Confidence of a pain point or touchpoint: assumption -> evidenced -> validated."""

from dataclasses import dataclass
from datetime import datetime

from core.enums import Confidence

# Proof a team went out and gathered, as opposed to proof that came to it.
RESEARCH_KINDS = frozenset({"interview", "survey", "analytics", "observation"})


@dataclass(frozen=True)
class EvidenceFacts:
    """What the derived figures need to know of one piece of evidence."""

    kind: str
    source: str | None
    author: str | None
    captured_at: datetime


def independent_sources(evidence: list[EvidenceFacts]) -> int:
    """How many independent voices the evidence holds.

    Two pieces are independent when they differ in author, or (when the author is
    unknown) in source system; ten messages by one person count once.
    """
    return len({(e.author or f"?{e.source}").lower() for e in evidence})


def confidence(evidence: list[EvidenceFacts]) -> Confidence:
    """How well a pain point or touchpoint is proven.

    * ``assumption``: no evidence at all.
    * ``validated``: at least 3 pieces, from at least 2 independent voices
      (``independent_sources``), of at least 2 kinds, at least one of them research
      (interview, survey, analytics, observation).
    * ``evidenced``: anything in between.
    """
    if not evidence:
        return Confidence.ASSUMPTION
    kinds = {e.kind for e in evidence}
    if (
        len(evidence) >= 3
        and independent_sources(evidence) >= 2
        and len(kinds) >= 2
        and kinds & RESEARCH_KINDS
    ):
        return Confidence.VALIDATED
    return Confidence.EVIDENCED
