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


@dataclass(frozen=True)
class EvidenceSummary:
    """What ``confidence`` reads of a body of evidence, as a database can count it:
    how many pieces, of how many kinds, from how many independent voices
    (``independent_sources``), and whether any of it is research."""

    count: int
    kinds: int
    voices: int
    research: bool


def summarise(evidence: list[EvidenceFacts]) -> EvidenceSummary:
    """The summary of ``evidence`` that ``confidence_of`` reads."""
    kinds = {e.kind for e in evidence}
    return EvidenceSummary(
        len(evidence), len(kinds), independent_sources(evidence), bool(kinds & RESEARCH_KINDS)
    )


def confidence_of(summary: EvidenceSummary) -> Confidence:
    """``confidence`` of evidence known only by its summary (counted in SQL, say)."""
    if summary.count == 0:
        return Confidence.ASSUMPTION
    if summary.count >= 3 and summary.voices >= 2 and summary.kinds >= 2 and summary.research:
        return Confidence.VALIDATED
    return Confidence.EVIDENCED


def confidence(evidence: list[EvidenceFacts]) -> Confidence:
    """How well a pain point or touchpoint is proven.

    * ``assumption``: no evidence at all.
    * ``validated``: at least 3 pieces, from at least 2 independent voices
      (``independent_sources``), of at least 2 kinds, at least one of them research
      (interview, survey, analytics, observation).
    * ``evidenced``: anything in between.
    """
    return confidence_of(summarise(evidence))
