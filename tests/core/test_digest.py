"""``build_digest`` on a hand-built workspace (``digest_world``): every section, the
movement of the top pain points, quiet journeys, overdue reviews."""

from pathlib import Path

import pytest

from core.enums import Confidence
from core.errors import NotFound
from core.services.digest import Digest, JourneyDigest, build_digest, overdue_reviews
from core.services.journey_view import journey_view
from core.services.lookup import journey_by_key
from core.store import Store
from tests.core.digest_world import WORKSPACE, World, build_world


@pytest.fixture
def world(store: Store, tmp_path: Path) -> World:
    return build_world(store, tmp_path)


def digest_of(world: World, **options: str) -> Digest:
    with world.store.unit_of_work(WORKSPACE) as uow:
        return build_digest(uow, world.period, now=world.now, **options)


def returns(digest: Digest) -> JourneyDigest:
    [journey] = [j for j in digest.journeys if j.key == "returns"]
    return journey


def test_what_changed_in_the_period(world: World) -> None:
    journey = returns(digest_of(world))

    assert [(n.title, n.where, n.impact) for n in journey.new_pain_points.items] == [
        ("E: label printer needed", "start/label", "workaround")
    ]
    added = {(e.kind, e.source): e.count for e in journey.evidence_added}
    assert added == {
        ("slack_message", "slack"): 5,
        ("interview", "dovetail"): 1,
        ("analytics", "looker"): 1,
        ("ticket", "jira"): 1,
        ("survey", "slack"): 1,
    }
    assert journey.evidence_added[0].count == 5  # most first
    assert journey.evidence_count == 9
    assert journey.praise == 1  # the "Yes, fixed" answer
    assert [(c.key, c.before, c.after) for c in journey.confidence_moves.items] == [
        ("b-slow-refund", Confidence.EVIDENCED, Confidence.VALIDATED)
    ]


def test_top_pain_points_move_against_the_previous_period_end(world: World) -> None:
    top = returns(digest_of(world)).top_pain_points

    # D's fix shipped: it left the ranking. C's fresh evidence lifts it above A.
    assert [(t.key, t.rank, t.previous_rank) for t in top] == [
        ("b-slow-refund", 1, 1),
        ("c-no-tracking", 2, 3),
        ("a-order-number", 3, 2),
        ("e-label-printer-needed", 4, None),
    ]
    assert [t.rank_change for t in top] == [0, 1, -1, 0]
    assert top[3].is_new and top[3].previous_score is None
    assert top[1].score > (top[1].previous_score or 0)


def test_scores_are_those_of_the_journey_view(world: World) -> None:
    """Counted in SQL, scored by ``pain_point_score``: the same as the map shows."""
    top = returns(digest_of(world)).top_pain_points
    with world.store.unit_of_work(WORKSPACE) as uow:
        view = journey_view(uow, journey_by_key(uow, "returns"), now=world.now)
        expected = {v.pain_point.key: (v.score, v.confidence) for v in view.pain_points}
    assert {t.key: t.score for t in top} == {t.key: expected[t.key][0] for t in top}


def test_jira_moves_fixes_and_what_the_threads_answered(world: World) -> None:
    journey = returns(digest_of(world))

    [move] = journey.opportunity_moves.items
    assert (move.key, move.before, move.after, move.issue) == ("qr-code", "idea", "done", "CX-7")
    [fix] = journey.shipped_fixes.items
    assert (fix.key, fix.fixed, fix.still_happening) == ("d-no-qr-code", 1, 0)
    assert fix.shipped_at is not None


def test_steps_gone_stale_unowned_opportunities_kpis_tickets_and_good_moments(
    world: World,
) -> None:
    journey = returns(digest_of(world))

    # The label step's own evidence passed 90 days in the period; the journey's overdue
    # review is named once, in the overdue reviews, not on every step.
    assert [(s.where, s.reasons) for s in journey.stale_steps.items] == [
        ("start/label", ("evidence_old",))
    ]
    # qr-code is done now; faster-refund has an owner.
    assert [o.key for o in journey.unowned_opportunities.items] == ["lookup-by-email"]
    [kpi] = journey.kpis
    assert (kpi.value, kpi.previous, kpi.target, kpi.on_target) == (9, 12, 5, False)
    assert [(t.where, t.tickets) for t in journey.tickets] == [("start/returns-form", 1)]
    assert [(m.where, m.emotion, m.moment_of_truth) for m in journey.positive_moments] == [
        ("start/label", 2, True),
        ("refund/refund-mail", 1, False),
    ]


def test_quiet_journeys_are_named_and_archived_ones_left_out(world: World) -> None:
    digest = digest_of(world)

    assert [j.key for j in digest.journeys] == ["returns"]
    assert [j.key for j in digest.quiet] == ["quiet"]
    assert digest.quiet[0].quiet
    assert not digest.complete  # the period runs on past ``now``


def test_overdue_reviews_name_the_owner(world: World) -> None:
    digest = digest_of(world)
    [review] = digest.overdue_reviews
    assert (review.key, review.owner, review.days_overdue) == ("returns", "Priya Raman", 10)
    with world.store.unit_of_work(WORKSPACE) as uow:
        assert overdue_reviews(uow, world.now) == [review]


def test_one_journey_only(world: World) -> None:
    digest = digest_of(world, journey_key="quiet")
    assert [j.key for j in digest.quiet] == ["quiet"] and not digest.journeys
    assert digest.overdue_reviews == ()
    with pytest.raises(NotFound, match="no active journey 'old'"):
        digest_of(world, journey_key="old")


def test_an_earlier_period_sees_nothing_of_this_one(world: World) -> None:
    """Nothing happened in the week before the period (the journeys were imported 10
    days before it started)."""
    earlier = type(world.period)(
        world.period.start - (world.period.end - world.period.start),
        world.period.start,
        "UTC",
    )
    with world.store.unit_of_work(WORKSPACE) as uow:
        digest = build_digest(uow, earlier, now=world.now)
    assert digest.complete
    assert digest.journeys == ()
    assert {j.key for j in digest.quiet} == {"quiet", "returns"}


def test_an_empty_workspace(store: Store) -> None:
    from core.services.digest import current_period

    with store.unit_of_work("empty") as uow:
        now = uow.workspace.created_at
        digest = build_digest(uow, current_period("0 9 * * mon", "UTC", now), now=now)
    assert digest.journeys == () and digest.quiet == () and digest.overdue_reviews == ()
