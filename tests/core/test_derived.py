"""The derived figures: pain-point score, confidence and staleness (pure functions)."""

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from core.derived.confidence import EvidenceFacts, confidence, independent_sources
from core.derived.pain_score import pain_point_score, reach, recency
from core.derived.staleness import staleness
from core.enums import Confidence

NOW = datetime(2026, 10, 2, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


# --- pain-point score -------------------------------------------------------------------


def test_score_of_fresh_abandon_for_a_thousand_is_weight_times_reach():
    expected = round(9 * (1 + math.log10(1000)) * 1.0, 2)
    assert expected == 36.0
    assert pain_point_score("abandon", 999, 0, NOW, NOW) == 36.0


def test_evidence_count_adds_to_reach_like_customers():
    # 990 customers + 9 pieces of evidence = 999 -> reach 4.
    assert pain_point_score("abandon", 990, 9, NOW, NOW) == 36.0
    assert reach(990, 9) == pytest.approx(4.0)


@pytest.mark.parametrize(
    ("impact", "expected"),
    [("trivial", 2.0), ("workaround", 6.0), ("abandon", 18.0)],
)
def test_impact_weights_are_1_3_9(impact, expected):
    # 9 customers -> reach 1 + log10(10) = 2.
    assert pain_point_score(impact, 9, 0, NOW, NOW) == expected


def test_score_is_rounded_to_two_decimals():
    # 1 * (1 + log10(2)) = 1.30103...
    assert pain_point_score("trivial", 1, 0, NOW, NOW) == 1.3


def test_evidence_30_days_old_halves_the_score():
    assert recency(days_ago(30), NOW) == pytest.approx(0.5)
    assert pain_point_score("abandon", 999, 0, days_ago(30), NOW) == 18.0


def test_evidence_60_days_old_quarters_the_score():
    assert recency(days_ago(60), NOW) == pytest.approx(0.25)
    assert pain_point_score("abandon", 999, 0, days_ago(60), NOW) == 9.0


def test_very_old_evidence_keeps_the_floor_of_a_tenth():
    assert recency(days_ago(400), NOW) == 0.1
    assert pain_point_score("abandon", 999, 0, days_ago(400), NOW) == 3.6


def test_no_evidence_gives_a_quarter_and_ranks_below_fresh_proof():
    assert recency(None, NOW) == 0.25
    unproven = pain_point_score("abandon", 999, 0, None, NOW)
    assert unproven == 9.0
    assert unproven < pain_point_score("abandon", 999, 0, NOW, NOW)


def test_evidence_dated_in_the_future_counts_as_fresh_not_above_one():
    assert recency(NOW + timedelta(days=10), NOW) == 1.0


def test_unknown_impact_raises_key_error():
    with pytest.raises(KeyError):
        pain_point_score("catastrophic", 10, 1, NOW, NOW)


def test_reach_of_nobody_is_one():
    assert reach(None, 0) == 1.0
    assert reach(0, 0) == 1.0


# --- confidence --------------------------------------------------------------------------


def fact(kind: str, author: str | None = "anna", source: str | None = "slack") -> EvidenceFacts:
    return EvidenceFacts(kind=kind, source=source, author=author, captured_at=NOW)


def test_no_evidence_is_an_assumption():
    assert confidence([]) == Confidence.ASSUMPTION


def test_one_piece_of_evidence_is_evidenced():
    assert confidence([fact("interview")]) == Confidence.EVIDENCED


def test_three_pieces_by_one_author_are_not_independent():
    evidence = [fact("interview"), fact("ticket"), fact("ticket")]
    assert independent_sources(evidence) == 1
    assert confidence(evidence) == Confidence.EVIDENCED


def test_two_voices_two_kinds_without_research_stay_evidenced():
    evidence = [
        fact("slack_message", author="anna"),
        fact("ticket", author="ben", source="jira"),
        fact("ticket", author="ben", source="jira"),
    ]
    assert confidence(evidence) == Confidence.EVIDENCED


def test_two_voices_with_interview_and_ticket_are_validated():
    evidence = [
        fact("interview", author="anna"),
        fact("ticket", author="ben", source="jira"),
        fact("ticket", author="ben", source="jira"),
    ]
    assert confidence(evidence) == Confidence.VALIDATED


def test_two_pieces_are_never_validated():
    evidence = [fact("interview", author="anna"), fact("ticket", author="ben")]
    assert confidence(evidence) == Confidence.EVIDENCED


def test_one_kind_only_is_not_validated():
    evidence = [fact("interview", author=name) for name in ("anna", "ben", "cem")]
    assert confidence(evidence) == Confidence.EVIDENCED


def test_without_author_the_source_counts_as_the_voice():
    evidence = [
        fact("interview", author=None, source="slack"),
        fact("ticket", author=None, source="jira"),
        fact("ticket", author=None, source="jira"),
    ]
    assert independent_sources(evidence) == 2
    assert confidence(evidence) == Confidence.VALIDATED


def test_same_source_without_authors_is_one_voice():
    evidence = [fact("interview", author=None), fact("ticket", author=None)]
    assert independent_sources(evidence) == 1


def test_author_names_differing_only_in_case_are_one_voice():
    assert independent_sources([fact("ticket", author="Anna"), fact("ticket", author="anna")]) == 1


# --- staleness ---------------------------------------------------------------------------


def step(**changes):
    """A fresh step, with ``changes`` applied."""
    facts = {
        "newest_evidence": days_ago(1),
        "last_reviewed": TODAY - timedelta(days=2),
        "review_cadence_days": 30,
        "delivery_changed_at": days_ago(10),
        "now": NOW,
    }
    facts.update(changes)
    return staleness(**facts)


def test_fresh_step_has_no_reasons_and_is_not_stale():
    result = step()
    assert result.reasons == ()
    assert result.stale is False


def test_no_evidence_alone():
    result = step(newest_evidence=None)
    assert result.reasons == ("no_evidence",)
    assert result.stale is True


def test_evidence_91_days_old_is_old():
    assert step(newest_evidence=days_ago(91)).reasons == ("evidence_old",)


@pytest.mark.parametrize("age", [89, 90])
def test_evidence_up_to_90_days_old_is_not_old(age):
    assert step(newest_evidence=days_ago(age)).reasons == ()


def test_review_overdue_when_last_review_plus_cadence_is_past():
    result = step(last_reviewed=TODAY - timedelta(days=31), delivery_changed_at=None)
    assert result.reasons == ("review_overdue",)


def test_review_due_today_is_not_yet_overdue():
    result = step(last_reviewed=TODAY - timedelta(days=30), delivery_changed_at=None)
    assert result.reasons == ()


def test_never_reviewed_with_a_cadence_is_overdue():
    result = step(last_reviewed=None, delivery_changed_at=None)
    assert result.reasons == ("review_overdue",)


@pytest.mark.parametrize("last_reviewed", [None, date(2020, 1, 1)])
def test_no_cadence_never_makes_a_review_overdue(last_reviewed):
    result = step(last_reviewed=last_reviewed, review_cadence_days=None, delivery_changed_at=None)
    assert "review_overdue" not in result.reasons
    assert result.stale is False


def test_delivery_changed_after_the_last_review():
    result = step(last_reviewed=TODAY - timedelta(days=5), delivery_changed_at=days_ago(1))
    assert result.reasons == ("delivery_changed",)


def test_delivery_changed_on_the_review_day_does_not_count():
    result = step(last_reviewed=TODAY - timedelta(days=5), delivery_changed_at=days_ago(5))
    assert result.reasons == ()


def test_delivery_changed_when_never_reviewed():
    result = step(last_reviewed=None, review_cadence_days=None, delivery_changed_at=days_ago(100))
    assert result.reasons == ("delivery_changed",)


def test_every_reason_is_reported_together():
    result = step(
        newest_evidence=days_ago(200),
        last_reviewed=TODAY - timedelta(days=60),
        delivery_changed_at=days_ago(1),
    )
    assert result.reasons == ("evidence_old", "review_overdue", "delivery_changed")
