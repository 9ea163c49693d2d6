"""The JQL a Jira ticket rule runs as: the rule's condition, the creation bound, the order."""

from datetime import UTC, datetime, timedelta

import pytest

from connectors.tickets.jira.query import created_since, split_order_by, ticket_jql

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("jql", "expected"),
    [
        ("project = SUP", ("project = SUP", "")),
        ("project = SUP ORDER BY created DESC", ("project = SUP", "created DESC")),
        ("project = SUP order   by key", ("project = SUP", "key")),
        ("ORDER BY created", ("", "created")),
        ('summary ~ "order by" AND project = SUP', ('summary ~ "order by" AND project = SUP', "")),
        ("summary ~ 'it\\'s order by' ORDER BY key", ("summary ~ 'it\\'s order by'", "key")),
        ("labels = reorder-by-phone", ("labels = reorder-by-phone", "")),
    ],
)
def test_the_order_by_is_split_off_outside_quotes(jql: str, expected: tuple[str, str]) -> None:
    assert split_order_by(jql) == expected


def test_the_bound_counts_whole_minutes_back_rounded_up() -> None:
    assert created_since(NOW - timedelta(hours=2), NOW) == 'created >= "-120m"'
    assert created_since(NOW - timedelta(minutes=90, seconds=1), NOW) == 'created >= "-91m"'
    assert created_since(NOW, NOW) == 'created >= "-1m"'  # never "-0m" or a future bound
    assert created_since(NOW + timedelta(minutes=3), NOW) == 'created >= "-1m"'


def test_the_rule_is_bracketed_so_its_or_stays_inside() -> None:
    jql = ticket_jql(
        "labels = a OR labels = b ORDER BY priority DESC", NOW - timedelta(hours=1), NOW
    )
    assert jql == '(labels = a OR labels = b) AND created >= "-60m" ORDER BY created ASC, key ASC'


def test_a_rule_of_only_an_order_is_bounded_by_creation_alone() -> None:
    jql = ticket_jql("ORDER BY key", NOW - timedelta(minutes=5), NOW)
    assert jql == 'created >= "-5m" ORDER BY created ASC, key ASC'
