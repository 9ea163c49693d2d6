"""A vague mention gets a picker instead of a guess; choosing in it logs the pain point."""

from __future__ import annotations

from typing import Any

from sandbox.slack import SEED
from sandbox.slack.model import Ephemeral
from tests.bots.slack.conftest import Bot


def select_of(shown: Ephemeral, action_id: str) -> dict[str, Any]:
    for block in shown.blocks or []:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no {action_id} in {shown.blocks}")


def option_values(select: dict[str, Any]) -> dict[str, str]:
    """Option text -> value, over plain options and option groups alike."""
    options = list(select.get("options", []))
    options += [o for group in select.get("option_groups", []) for o in group["options"]]
    return {o["text"]["text"]: o["value"] for o in options}


def test_an_ambiguous_journey_gets_a_picker_and_choosing_logs(bot: Bot) -> None:
    bot.mention("pain checkout/card entry: card form rejects spaces")

    [picker] = bot.ephemerals()
    assert bot.pain_points() == []
    journeys = option_values(select_of(picker, "mention.pick_journey"))
    assert set(journeys.values()) == {"ecommerce-checkout", "checkout-future"}
    assert "card form rejects spaces" in str(picker.blocks)

    chosen = bot.click("mention.pick_journey", picker, "ecommerce-checkout")

    assert chosen.status == 200
    [_, confirmation] = bot.ephemerals(2)
    [pain_point] = bot.pain_points()
    assert pain_point.journey.key == "ecommerce-checkout"
    assert pain_point.touchpoint is not None and pain_point.touchpoint.key == "card-entry"
    assert "Logged in" in str(confirmation.blocks)
    [post] = bot.slack.state.surfaces.response_posts
    assert post.effect == "replace_original"
    [evidence] = bot.evidence()
    assert evidence.external_id == f"{SEED.general}:{picker_mention_ts(bot)}"


def picker_mention_ts(bot: Bot) -> str:
    [delivery] = bot.slack.events.deliveries[:1]
    return str(delivery.request.payload["event"]["ts"])


def test_a_missing_step_gets_a_step_picker_and_choosing_logs_there(bot: Bot) -> None:
    bot.mention("pain ecommerce-checkout: nobody knows the delivery date impact: trivial")

    [picker] = bot.ephemerals()
    places = option_values(select_of(picker, "mention.pick_place"))
    assert "Whole stage: Payment" in places and "Card details form" in places

    bot.click("mention.pick_place", picker, places["Delivery method choice"])

    bot.ephemerals(2)
    [pain_point] = bot.pain_points()
    assert pain_point.touchpoint is not None and pain_point.touchpoint.key == "delivery-options"
    assert pain_point.impact == "trivial"


def test_an_unknown_step_gets_the_step_picker_saying_so(bot: Bot) -> None:
    bot.mention("pain ecommerce-checkout/warp drive: it is slow")

    [picker] = bot.ephemerals()
    assert "I couldn't place *warp drive*" in str(picker.blocks)
    places = option_values(select_of(picker, "mention.pick_place"))

    bot.click("mention.pick_place", picker, places["Whole stage: Payment"])

    bot.ephemerals(2)
    [pain_point] = bot.pain_points()
    assert (pain_point.stage.key, pain_point.touchpoint) == ("payment", None)


def test_a_journey_then_a_step_picked_in_turn(bot: Bot) -> None:
    bot.mention("pain checkout: the page is slow")
    [journey_picker] = bot.ephemerals()

    bot.click("mention.pick_journey", journey_picker, "checkout-future")
    [_, step_picker] = bot.ephemerals(2)
    assert bot.pain_points() == []
    places = option_values(select_of(step_picker, "mention.pick_place"))
    bot.click("mention.pick_place", step_picker, next(iter(places.values())))

    bot.ephemerals(3)
    [pain_point] = bot.pain_points()
    assert pain_point.journey.key == "checkout-future"


def test_picking_twice_logs_once(bot: Bot) -> None:
    bot.mention("pain ecommerce-checkout: nobody knows the delivery date")
    [picker] = bot.ephemerals()
    places = option_values(select_of(picker, "mention.pick_place"))

    bot.click("mention.pick_place", picker, places["Delivery method choice"])
    bot.ephemerals(2)
    bot.click("mention.pick_place", picker, places["Card details form"])

    [*_, again] = bot.ephemerals(3)
    assert "already logged" in again.text
    [pain_point] = bot.pain_points()
    assert pain_point.touchpoint is not None and pain_point.touchpoint.key == "delivery-options"
