"""The App Home end to end: a really signed ``app_home_opened`` from the stand-in, and
the home our served app publishes for that person."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sandbox.slack import SEED
from tests.bots.slack.conftest import Bot
from tests.sandbox.slack.conftest import eventually


@pytest.fixture(autouse=True)
def no_listener_fails(bot: Bot) -> Iterator[None]:
    """A listener that failed after its ack would go unseen by the person: fail the test."""
    yield
    assert "slack.listener.failed" not in bot.caplog.messages


def open_home(bot: Bot, user: str = SEED.alice, published: int = 1) -> list[dict[str, Any]]:
    delivery = bot.slack.events.send(bot.slack.events.app_home_opened(user))
    assert delivery.status == 200 and delivery.acked
    assert bot.logged("slack.home.published", published)
    home = bot.slack.state.surfaces.home_view(user)
    assert home is not None and home.type == "home"
    blocks: list[dict[str, Any]] = home.payload["blocks"]
    return blocks


def part(blocks: list[dict[str, Any]], title: str) -> str:
    """The text of the blocks under header ``title``, up to the next divider."""
    start = next(i for i, b in enumerate(blocks) if b.get("text", {}).get("text") == title)
    end = next((i for i in range(start, len(blocks)) if blocks[i]["type"] == "divider"), None)
    return str(blocks[start + 1 : end])


def test_the_home_shows_journeys_top_pain_points_and_nothing_captured_yet(bot: Bot) -> None:
    blocks = open_home(bot)

    journeys = part(blocks, "Journeys")
    assert "`ecommerce-checkout`" in journeys and "`checkout-future`" in journeys
    top = part(blocks, "Top pain points")
    assert top.count("impact ") == 10 and "1. *" in top and "10. *" in top
    assert "Nothing yet" in part(blocks, "What I captured recently")


def test_what_i_captured_lists_my_evidence_only_newest_first(bot: Bot) -> None:
    bot.mention("pain ecommerce-checkout/card-entry: card form rejects spaces")
    bot.ephemerals()
    bot.mention("pain ecommerce-checkout/card-entry: 3DS &lt;!here&gt; loops", user=SEED.alice)
    bot.ephemerals(2)
    bot.mention("pain ecommerce-checkout/card-entry: bob's own pain", user=SEED.bob)
    bot.ephemerals(user=SEED.bob)

    recent = part(open_home(bot), "What I captured recently")

    assert recent.index("3DS") < recent.index("card form rejects spaces")
    assert "bob's own pain" not in recent
    assert "&lt;!here&gt;" in recent and "<!here>" not in recent
    assert "slack_message" in recent


def test_opening_the_home_again_republishes_it(bot: Bot) -> None:
    open_home(bot)
    first = bot.slack.state.surfaces.home_view(SEED.alice)
    assert first is not None
    first_hash = first.hash

    open_home(bot, published=2)

    again = bot.slack.state.surfaces.home_view(SEED.alice)
    assert again is not None and again.id == first.id
    assert eventually(lambda: again.hash != first_hash)
