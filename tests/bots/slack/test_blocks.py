"""Every Block Kit payload the bot builds passes the Block Kit schema
(``../shared/specs/slack/block-kit``, through the stand-in's checker, which adds the
cross-block rules) and shows people's text escaped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bots.slack.blocks.help import help_blocks
from bots.slack.blocks.ids import PickRef
from bots.slack.blocks.pain_point import LoggedPainPoint, confirmation_blocks
from bots.slack.blocks.pickers import journey_picker, place_picker
from bots.slack.places import Place, places_of
from core.model import Journey, Stage, Touchpoint
from core.services.journey_files import import_journey_files
from core.services.lookup import journey_by_key
from core.store import Store
from sandbox.slack.blocks_check import message_block_problems
from tests.conftest import EXAMPLES

NASTY = "<!channel> & <@U0BOB00001> " + "x" * 400
REF = PickRef("C0GENERAL1", "1700000000.000100", "1700000000.000050")


@pytest.fixture
def checkout(store: Store) -> Iterator[Journey]:
    with store.unit_of_work("test") as uow:
        import_journey_files(uow, [EXAMPLES / "ecommerce-checkout.yaml"])
    with store.unit_of_work("test") as uow:
        journey = journey_by_key(uow, "ecommerce-checkout")
        _ = [s.touchpoints for s in journey.stages]
        yield journey


def logged(journey: Journey, **changes: Any) -> LoggedPainPoint:
    places = places_of(journey)
    fields: dict[str, Any] = {
        "pain_point_id": 7,
        "title": "card form rejects spaces",
        "impact": "workaround",
        "journey_title": journey.title,
        "place": places[1],
        "places": places,
        "map_url": "https://acme.atlassian.net/wiki/x/4242",
        "permalink": "https://journeyops-sandbox.slack.com/archives/C0GENERAL1/p1",
        "thread_ts": "1700000000.000050",
    }
    return LoggedPainPoint(**(fields | changes))


def mrkdwn_texts(value: Any) -> list[str]:
    """Every mrkdwn text in ``value``: what Slack parses for mentions and links
    (plain_text is shown as typed and pings nobody)."""
    if isinstance(value, list):
        return [t for item in value for t in mrkdwn_texts(item)]
    if not isinstance(value, dict):
        return []
    own = [value["text"]] if value.get("type") == "mrkdwn" else []
    return own + [t for item in value.values() for t in mrkdwn_texts(item)]


def valid(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert message_block_problems(blocks) == []
    return blocks


def test_the_confirmation_is_valid_block_kit(checkout: Journey) -> None:
    blocks = valid(confirmation_blocks(logged(checkout), note="Impact set to *abandon*."))

    elements = blocks[-1]["elements"]
    assert [e["action_id"] for e in elements] == [
        "pain_point.move",
        "pain_point.impact.abandon",
        "pain_point.impact.workaround",
        "pain_point.impact.trivial",
        "pain_point.open_map",
        "pain_point.capture_thread",
    ]
    assert blocks[-1]["block_id"] == "pain|7|1700000000.000050"


def test_the_confirmation_escapes_and_clips_what_people_wrote(checkout: Journey) -> None:
    blocks = valid(confirmation_blocks(logged(checkout, title=NASTY, journey_title=NASTY)))

    text = " ".join(mrkdwn_texts(blocks))
    assert "<!channel>" not in text and "<@U0BOB00001>" not in text
    assert "&lt;!channel&gt; &amp; &lt;@U0BOB00001&gt;" in text


def test_a_link_that_could_break_out_is_left_out(checkout: Journey) -> None:
    odd = "https://evil.example/|<!channel>"
    blocks = valid(confirmation_blocks(logged(checkout, map_url=odd, permalink=odd)))

    assert "evil.example" not in str(blocks)


def test_more_places_than_a_select_holds_keep_the_current_one(checkout: Journey) -> None:
    stage = checkout.stages[0]
    many = [Place(stage, Touchpoint(id=1000 + n, name=f"Step {n}")) for n in range(150)]
    current = many[-1]

    blocks = valid(confirmation_blocks(logged(checkout, places=many, place=current)))

    select = blocks[-1]["elements"][0]
    values = [o["value"] for g in select["option_groups"] for o in g["options"]]
    assert len(values) == 100
    assert select["initial_option"]["value"] == current.value == "step:1149"


def test_the_pickers_are_valid_block_kit(checkout: Journey) -> None:
    journeys = [checkout, Journey(key="x" * 64, title=NASTY)]

    picked = valid(journey_picker(REF, NASTY, NASTY, journeys))
    placed = valid(place_picker(REF.with_journey("x"), checkout, NASTY, NASTY, places_of(checkout)))
    unnamed = valid(place_picker(REF, checkout, None, "slow", places_of(checkout)))

    for blocks in (picked, placed):
        assert "&lt;!channel&gt;" in " ".join(mrkdwn_texts(blocks))
        assert "<!channel>" not in " ".join(mrkdwn_texts(blocks))
    assert "couldn't place" not in str(unnamed)
    assert picked[-1]["block_id"] == REF.block_id()


def test_the_help_is_valid_block_kit() -> None:
    blocks = valid(help_blocks("I don't know `<!here>` yet."))

    assert "&lt;!here&gt;" in blocks[0]["text"]["text"]
    assert "&lt;journey&gt;/&lt;step&gt;" in blocks[1]["text"]["text"]


def test_a_whole_stage_reads_as_such(checkout: Journey) -> None:
    stage: Stage = checkout.stages[0]

    assert Place(stage).label == f"{stage.name} (whole stage)"
    assert Place(stage).value == f"stage:{stage.id}"
