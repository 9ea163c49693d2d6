"""The core services the bot added: linking a Slack team to a workspace, and moving a
pain point (they live in core/services; their tests sit with the bot that needs them)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.enums import Origin
from core.errors import BadInput
from core.model import Event, PainPoint
from core.services.journey_files import import_journey_files
from core.services.lookup import journey_by_key, stage_by_key, touchpoint_by_key
from core.services.pain_point_moves import move_pain_point
from core.services.slack_teams import free_workspace_key, link_slack_team, workspace_of_team
from core.store import Store, UnitOfWork
from tests.conftest import EXAMPLES


def test_a_team_links_to_one_workspace_only(store: Store) -> None:
    with store.unit_of_work("acme", actor="journeyops", origin=Origin.SLACK) as uow:
        assert link_slack_team(uow, "T01")
    with store.unit_of_work("acme") as uow:
        assert link_slack_team(uow, "T01")  # already so: fine, nothing logged
    with store.unit_of_work("other") as uow:
        assert not link_slack_team(uow, "T01")

    assert workspace_of_team(store, "T01") == "acme"
    assert workspace_of_team(store, "T02") is None
    assert {w.key: w.slack_team_id for w in store.workspaces()} == {"acme": "T01", "other": None}
    with store.unit_of_work("acme") as uow:
        [(action, actor, data)] = uow.session.execute(
            select(Event.action, Event.actor, Event.data)
        ).all()
    assert (action, actor, data) == (
        "workspace.slack_team_linked",
        "journeyops",
        {"team_id": "T01", "before": None},
    )


def test_free_workspace_keys_come_from_the_team_name(store: Store) -> None:
    assert free_workspace_key(store, "Acme Corp!") == "acme-corp"
    store.ensure_workspace("acme-corp")
    store.ensure_workspace("acme-corp-2")

    assert free_workspace_key(store, "Acme Corp") == "acme-corp-3"
    assert free_workspace_key(store, "  ") == "slack"
    assert free_workspace_key(store, "Ünïcödé Ltd") == "unicode-ltd"


@pytest.fixture
def checkout(uow: UnitOfWork) -> PainPoint:
    """The example checkout journey; its first pain point."""
    import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
    uow.session.flush()
    return uow.session.scalars(select(PainPoint).order_by(PainPoint.id).limit(1)).one()


def test_a_pain_point_moves_to_a_step_and_its_stage(uow: UnitOfWork, checkout: PainPoint) -> None:
    journey = journey_by_key(uow, "ecommerce-checkout")
    step = touchpoint_by_key(uow, journey, "card-entry")

    assert move_pain_point(uow, checkout, touchpoint=step)
    assert not move_pain_point(uow, checkout, touchpoint=step)

    assert (checkout.stage.key, checkout.touchpoint_id) == ("payment", step.id)
    whole = stage_by_key(uow, journey, "confirmation")
    assert move_pain_point(uow, checkout, stage=whole)
    assert (checkout.stage_id, checkout.touchpoint_id) == (whole.id, None)
    moves = uow.session.scalars(
        select(Event.data).where(Event.action == "pain_point.moved").order_by(Event.id)
    ).all()
    assert moves[-1] == {
        "from": {"stage": "payment", "touchpoint": "card-entry"},
        "to": {"stage": "confirmation", "touchpoint": None},
    }
    assert len(moves) == 2


def test_a_pain_point_stays_in_its_journey(uow: UnitOfWork, checkout: PainPoint) -> None:
    import_journey_files(uow, [EXAMPLES / "checkout-future.yaml"])
    future = journey_by_key(uow, "checkout-future")

    with pytest.raises(BadInput, match="within its own journey"):
        move_pain_point(uow, checkout, stage=future.stages[0])
    with pytest.raises(BadInput, match=r"step .* or the stage"):
        move_pain_point(uow, checkout)
