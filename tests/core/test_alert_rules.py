"""The alert rules alone: which crossings are due, and that each is due once."""

from datetime import UTC, datetime, timedelta

from core.services.alert_rules import AlertRule, Crossing, PainFacts, crossings, due_alerts

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
RULE = AlertRule(evidence_threshold=5, window_days=7)


def days_ago(*days: float) -> list[datetime]:
    return [NOW - timedelta(days=d) for d in days]


def test_a_new_abandon_pain_point_is_due() -> None:
    facts = PainFacts(1, "abandon", NOW, days_ago(0))
    assert crossings(facts, RULE, NOW) == [Crossing.ABANDON]


def test_an_old_or_milder_pain_point_is_not() -> None:
    assert crossings(PainFacts(1, "abandon", None, days_ago(0)), RULE, NOW) == []
    assert crossings(PainFacts(1, "abandon", NOW - timedelta(days=8), []), RULE, NOW) == []
    assert crossings(PainFacts(1, "workaround", NOW, days_ago(0)), RULE, NOW) == []


def test_evidence_counts_only_within_the_window() -> None:
    four = days_ago(0, 1, 2, 3)
    assert crossings(PainFacts(1, "trivial", None, four), RULE, NOW) == []
    assert crossings(PainFacts(1, "trivial", None, [*four, *days_ago(8)]), RULE, NOW) == []
    five = [*four, *days_ago(6.9)]
    assert crossings(PainFacts(1, "trivial", None, five), RULE, NOW) == [Crossing.EVIDENCE]


def test_what_was_alerted_is_not_due_again() -> None:
    facts = PainFacts(1, "abandon", NOW, days_ago(0, 0, 0, 0, 0, 0), frozenset({Crossing.EVIDENCE}))
    assert due_alerts([facts], RULE, NOW) == [(1, Crossing.ABANDON)]
    done = PainFacts(2, "abandon", NOW, [], frozenset(Crossing))
    assert due_alerts([done], RULE, NOW) == []
