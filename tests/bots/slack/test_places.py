"""Finding the step a mention names: steps first, then whole stages, forgiving typos, and
a list to pick from when it cannot be told."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bots.slack.places import find_journey, find_place, place_by_value, places_of
from core.model import Journey
from core.services.journey_files import import_journey_files
from core.services.journeys import list_journeys
from core.services.lookup import journey_by_key
from core.store import Store, UnitOfWork
from tests.conftest import EXAMPLES


@pytest.fixture
def uow(store: Store) -> Iterator[UnitOfWork]:
    with store.unit_of_work("test") as unit:
        import_journey_files(
            unit, [EXAMPLES / "ecommerce-checkout.yaml", EXAMPLES / "checkout-future.yaml"]
        )
        unit.session.flush()
        yield unit


@pytest.fixture
def checkout(uow: UnitOfWork) -> Journey:
    return journey_by_key(uow, "ecommerce-checkout")


def place_key(journey: Journey, typed: str) -> str | None:
    found = find_place(journey, typed).found
    if found is None:
        return None
    return f"step:{found.touchpoint.key}" if found.touchpoint else f"stage:{found.stage.key}"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("card-entry", "step:card-entry"),
        ("Card details form", "step:card-entry"),
        ("CARD_ENTRY", "step:card-entry"),
        ("card detials form", "step:card-entry"),
        ("payment", "stage:payment"),
        ("Delivery details", "stage:delivery-details"),
        ("3-d secure", "step:three-d-secure"),
        ("warp drive", None),
    ],
)
def test_steps_then_stages(checkout: Journey, typed: str, expected: str | None) -> None:
    assert place_key(checkout, typed) == expected


def test_what_is_unclear_comes_with_choices(checkout: Journey) -> None:
    found = find_place(checkout, "delivery")

    assert found.found is None
    assert found.choices


def test_journeys_by_key_or_title(uow: UnitOfWork) -> None:
    journeys = list_journeys(uow)

    assert find_journey(journeys, "ecommerce-checkout").found is journeys[1]
    assert find_journey(journeys, "checkout future").found is journeys[0]
    assert find_journey(journeys, "ecomerce chekout").found is journeys[1]
    unclear = find_journey(journeys, "checkout")
    assert unclear.found is None
    assert {j.key for j in unclear.choices} == {"ecommerce-checkout", "checkout-future"}


def test_select_values_name_places_of_that_journey_only(uow: UnitOfWork) -> None:
    checkout = journey_by_key(uow, "ecommerce-checkout")
    future = journey_by_key(uow, "checkout-future")
    mine, theirs = places_of(checkout)[1], places_of(future)[1]

    found = place_by_value(uow, checkout.id, mine.value)

    assert found is not None and found.value == mine.value
    assert place_by_value(uow, checkout.id, theirs.value) is None
    assert place_by_value(uow, checkout.id, places_of(checkout)[0].value) is not None
    for odd in ("step:", "step:x", "tour:1", ""):
        assert place_by_value(uow, checkout.id, odd) is None


def test_places_follow_the_map(checkout: Journey) -> None:
    labels = [p.label for p in places_of(checkout)][:3]

    assert labels == [
        "Basket review (whole stage)",
        "Basket review \u203a Mobile basket page",
        "Basket review \u203a Loyalty code entry",
    ]
