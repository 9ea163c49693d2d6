"""Creating journeys from presets and changing them."""

import pytest
from sqlalchemy import select

from core.enums import JourneyType
from core.errors import BadInput, NotFound
from core.model import Event
from core.presets import PRESETS
from core.services.journeys import create_journey, list_journeys, update_journey
from core.store import UnitOfWork


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_a_preset_gives_its_stages_in_order(uow: UnitOfWork, preset: str) -> None:
    journey = create_journey(uow, "onboarding", "Onboarding", preset=preset)
    assert [(s.key, s.position) for s in journey.stages] == [
        (key, i) for i, (key, _) in enumerate(PRESETS[preset].stages)
    ]


def test_seven_phases_preset_is_the_design_sequence(uow: UnitOfWork) -> None:
    journey = create_journey(uow, "buying", "Buying", preset="seven-phases")
    assert [s.key for s in journey.stages] == [
        "need", "orientation", "consideration", "decision", "delivery", "usage", "loyalty",
    ]  # fmt: skip


def test_create_refuses_what_it_cannot_keep(uow: UnitOfWork) -> None:
    create_journey(uow, "checkout", "Checkout")
    with pytest.raises(BadInput, match="exists already"):
        create_journey(uow, "checkout", "Checkout again")
    with pytest.raises(BadInput, match="try 'my-checkout'"):
        create_journey(uow, "My Checkout", "x")
    with pytest.raises(BadInput, match="unknown preset 'funnel'"):
        create_journey(uow, "other", "x", preset="funnel")
    with pytest.raises(BadInput, match="only a future_state"):
        create_journey(uow, "other", "x", improves="checkout")
    with pytest.raises(NotFound):
        create_journey(uow, "other", "x", type=JourneyType.FUTURE_STATE, improves="nope")
    assert [j.key for j in list_journeys(uow)] == ["checkout"]


def test_update_bumps_the_version_only_on_change(uow: UnitOfWork) -> None:
    create_journey(uow, "checkout", "Checkout")
    assert update_journey(uow, "checkout", owner="Priya", status="active") == ["owner", "status"]
    assert update_journey(uow, "checkout", owner="Priya") == []
    [journey] = list_journeys(uow)
    assert journey.version == 2
    actions = uow.session.scalars(select(Event.action).order_by(Event.id)).all()
    assert actions == ["journey.created", "journey.updated"]
    with pytest.raises(BadInput, match="unknown journey status"):
        update_journey(uow, "checkout", status="live")
    with pytest.raises(BadInput, match="no editable field"):
        update_journey(uow, "checkout", colour="red")
