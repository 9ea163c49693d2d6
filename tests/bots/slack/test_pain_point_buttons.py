"""The confirmation's controls: change the step, set the impact, open the map, capture
the thread; each changes the pain point through a service, logged as from Slack."""

from __future__ import annotations

from sqlalchemy import select

from core.enums import Origin, RecordType
from core.model import Journey
from core.services.links import link_record
from sandbox.slack import SEED
from tests.bots.slack.conftest import Bot
from tests.bots.slack.test_pickers import option_values, select_of

TEXT = "pain ecommerce-checkout/card-entry: card form rejects spaces"
MAP_URL = "https://acme.atlassian.net/wiki/spaces/CX/pages/4242/Checkout"


def test_the_step_select_moves_the_pain_point(bot: Bot) -> None:
    bot.mention(TEXT)
    [shown] = bot.ephemerals()
    mover = select_of(shown, "pain_point.move")
    assert mover["initial_option"]["text"]["text"] == "Card details form"

    bot.click("pain_point.move", shown, option_values(mover)["3-D Secure bank approval"])

    [_, updated] = bot.ephemerals(2)
    [pain_point] = bot.pain_points()
    assert pain_point.touchpoint is not None and pain_point.touchpoint.key == "three-d-secure"
    assert select_of(updated, "pain_point.move")["initial_option"]["text"]["text"] == (
        "3-D Secure bank approval"
    )
    assert "Moved to *Payment" in str(updated.blocks)
    assert bot.events()[-1] == ("pain_point.moved", f"slack:{SEED.alice}", "slack")
    assert bot.slack.state.surfaces.response_posts[0].effect == "replace_original"


def test_the_step_select_can_take_a_whole_stage(bot: Bot) -> None:
    bot.mention(TEXT)
    [shown] = bot.ephemerals()
    places = option_values(select_of(shown, "pain_point.move"))

    bot.click("pain_point.move", shown, places["Whole stage: Delivery details"])

    bot.ephemerals(2)
    [pain_point] = bot.pain_points()
    assert (pain_point.stage.key, pain_point.touchpoint) == ("delivery-details", None)


def test_the_impact_buttons_set_the_impact(bot: Bot) -> None:
    bot.mention(TEXT)
    [shown] = bot.ephemerals()

    bot.click("pain_point.impact.abandon", shown)

    [_, updated] = bot.ephemerals(2)
    [pain_point] = bot.pain_points()
    assert pain_point.impact == "abandon"
    styled = {
        e["action_id"]: e.get("style")
        for b in updated.blocks or []
        for e in b.get("elements", [])
        if e.get("action_id", "").startswith("pain_point.impact.")
    }
    assert styled == {
        "pain_point.impact.abandon": "primary",
        "pain_point.impact.workaround": None,
        "pain_point.impact.trivial": None,
    }
    assert bot.events()[-1] == ("pain_point.updated", f"slack:{SEED.alice}", "slack")


def test_open_the_map_links_the_published_page(bot: Bot) -> None:
    with bot.store.unit_of_work("test", origin=Origin.CLI) as uow:
        journey = uow.session.scalars(
            select(Journey).where(Journey.key == "ecommerce-checkout")
        ).one()
        link_record(
            uow,
            RecordType.JOURNEY,
            journey.id,
            system="confluence",
            kind="journey-map",
            external_id="4242",
            url=MAP_URL,
        )
    bot.mention(TEXT)
    [shown] = bot.ephemerals()
    [button] = [e for e in select_of_all(shown) if e.get("action_id") == "pain_point.open_map"]

    clicked = bot.click("pain_point.open_map", shown)

    assert button["url"] == MAP_URL
    assert clicked.status == 200


def select_of_all(shown: object) -> list[dict[str, object]]:
    blocks = getattr(shown, "blocks", None) or []
    return [e for b in blocks for e in b.get("elements", []) if isinstance(e, dict)]


def test_no_map_button_before_the_map_is_published(bot: Bot) -> None:
    bot.mention(TEXT)

    [shown] = bot.ephemerals()
    assert "pain_point.open_map" not in str(shown.blocks)


def test_capturing_the_thread_twice_merges(bot: Bot) -> None:
    parent = bot.say("Checkout keeps failing for me", user=SEED.bob)
    bot.say("Same here, card declined", user=SEED.alice, thread_ts=parent)
    bot.mention(TEXT, thread_ts=parent)
    [shown] = bot.ephemerals()

    bot.click("pain_point.capture_thread", shown)
    [_, first] = bot.ephemerals(2)
    bot.say("And the 3DS page never came back", user=SEED.bob, thread_ts=parent)
    bot.click("pain_point.capture_thread", shown)
    [*_, second] = bot.ephemerals(3)
    bot.click("pain_point.capture_thread", shown)
    [*_, third] = bot.ephemerals(4)

    assert "Captured the thread (3 messages)" in first.text
    assert "Updated the thread's evidence (4 messages)" in second.text
    assert "already captured" in third.text
    message, thread = bot.evidence()
    assert (message.kind, thread.kind) == ("slack_message", "slack_thread")
    assert thread.external_id == f"{SEED.general}:{parent}"
    assert thread.permalink == bot.slack.state.chat.permalink(SEED.general, parent)
    assert thread.text.splitlines() == [
        "Bob Example: Checkout keeps failing for me",
        "Alice Example: Same here, card declined",
        f"Alice Example: @{SEED.bot_user_id} {TEXT}",
        "Bob Example: And the 3DS page never came back",
    ]
    assert thread.author == "Bob Example"
    actions = [action for action, _, _ in bot.events()]
    assert actions.count("evidence.attached") == 2
    assert actions.count("evidence.merged") == 1
