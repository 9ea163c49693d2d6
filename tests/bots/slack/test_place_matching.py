"""Finding the journey or step a person meant."""

from bots.slack.place_matching import Candidate, best_match

JOURNEYS = [
    Candidate("ecommerce-checkout", ("ecommerce-checkout", "Northwind mobile checkout")),
    Candidate("checkout-future", ("checkout-future", "Checkout, future state")),
    Candidate("b2b-saas-onboarding", ("b2b-saas-onboarding", "B2B SaaS onboarding")),
]
STEPS = [
    Candidate("basket-page", ("basket-page", "Basket page")),
    Candidate("payment", ("payment", "Payment page")),
    Candidate("promo-code-field", ("promo-code-field", "Promo code field")),
]


def test_key_or_name_in_any_case() -> None:
    assert best_match("ECOMMERCE-checkout", JOURNEYS).found == "ecommerce-checkout"
    assert best_match("b2b saas onboarding", JOURNEYS).found == "b2b-saas-onboarding"


def test_the_start_of_a_word_is_enough_when_only_one_name_has_it() -> None:
    assert best_match("onboard", JOURNEYS).found == "b2b-saas-onboarding"
    assert best_match("promo", STEPS).found == "promo-code-field"


def test_a_small_typo_is_forgiven() -> None:
    assert best_match("paymnet", STEPS).found == "payment"
    assert best_match("onbaording", JOURNEYS).found == "b2b-saas-onboarding"


def test_two_names_that_fit_give_a_choice_not_a_guess() -> None:
    match = best_match("checkout", JOURNEYS)
    assert match.found is None
    assert set(match.choices) == {"ecommerce-checkout", "checkout-future"}


def test_nothing_close_offers_everything_best_first() -> None:
    match = best_match("delivery", STEPS)
    assert match.found is None
    assert len(match.choices) == 3
