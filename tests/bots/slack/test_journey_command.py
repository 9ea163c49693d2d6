"""``/journey list | show | search`` end to end: really signed slash commands from the
stand-in to our served app, answered privately through the response_url."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox.slack import SEED
from sandbox.slack.model import Ephemeral
from tests.bots.slack.conftest import Bot


@pytest.fixture(autouse=True)
def no_listener_fails(bot: Bot) -> Iterator[None]:
    """A listener that failed after its ack would go unseen by the person: fail the test."""
    yield
    assert "slack.listener.failed" not in bot.caplog.messages


def command(bot: Bot, text: str) -> Ephemeral:
    delivery = bot.slack.events.send(bot.slack.events.slash_command(SEED.alice, SEED.general, text))
    assert delivery.status == 200 and delivery.acked
    [shown] = bot.ephemerals()
    assert (shown.user, shown.channel, shown.via) == (SEED.alice, SEED.general, "response_url")
    return shown


def shown_text(shown: Ephemeral) -> str:
    return shown.text + str(shown.blocks)


def test_list_shows_each_journey_with_status_and_pain_point_count(bot: Bot) -> None:
    shown = command(bot, "list")

    text = shown_text(shown)
    assert "`ecommerce-checkout` *Northwind Outfitters mobile checkout (current state)*" in text
    assert "· active · " in text and "`checkout-future`" in text and "· draft · " in text
    assert " pain points" in text
    assert bot.slack.state.chat.bot_messages() == []  # nothing public


def test_show_gives_the_map_summary_with_the_top_pain_points(bot: Bot) -> None:
    shown = command(bot, "show Ecomerce-Chekout")  # forgiving: case and small typos

    blocks = shown.blocks or []
    assert blocks[0]["type"] == "header"
    assert "current_state" in str(blocks[1]) and "persona Maya Okafor" in str(blocks[1])
    assert "Basket review (3 steps)" in str(blocks[2])
    ranked = str(blocks[4])
    assert ranked.count("impact ") == 5 and "1. *" in ranked and "5. *" in ranked
    assert "score " in ranked and " evidence" in ranked


def test_show_of_an_unknown_journey_lists_the_keys(bot: Bot) -> None:
    shown = command(bot, "show zzz-nothing")

    assert "can't tell which journey *zzz-nothing*" in shown.text
    assert "`ecommerce-checkout`" in shown.text


def test_search_finds_journeys_steps_and_pain_points(bot: Bot) -> None:
    shown = command(bot, "search delivery")

    text = shown_text(shown)
    assert "Named with *delivery*" in text
    assert ":footprints: *Delivery cost line in basket*" in text
    assert ":warning: *Delivery cost only revealed after the address step*" in text


def test_search_for_nothing_known_says_so(bot: Bot) -> None:
    shown = command(bot, "search unicorn saddles")

    assert "Nothing is named with *unicorn saddles*" in shown.text


def test_anything_else_gets_the_usage_with_user_text_escaped(bot: Bot) -> None:
    shown = command(bot, "dance &lt;!channel&gt;")

    text = shown_text(shown)
    assert "*/journey list*" in text and "*/journey search*" in text
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text


def test_an_empty_command_gets_the_usage(bot: Bot) -> None:
    shown = command(bot, "")

    assert "*/journey show*" in shown_text(shown)
