"""What a block id carries back with a click."""

from __future__ import annotations

import pytest

from bots.slack.blocks.ids import SET_IMPACT_PATTERN, PainRef, PickRef


def test_pain_refs_round_trip() -> None:
    for ref in (PainRef(42), PainRef(42, "1700000000.000100")):
        assert PainRef.parse(ref.block_id()) == ref


def test_pick_refs_round_trip() -> None:
    ref = PickRef("C0GENERAL1", "1700000000.000100")
    chosen = ref.with_journey("ecommerce-checkout")
    threaded = PickRef("G0PRODUCT1", "1700000000.000100", "1700000000.000001", "returns")

    for each in (ref, chosen, threaded):
        assert PickRef.parse(each.block_id()) == each
        assert len(each.block_id()) <= 255  # Slack's limit
    assert chosen.delivery_id == ref.delivery_id == "pick:C0GENERAL1:1700000000.000100"


@pytest.mark.parametrize(
    "block_id",
    ["", "pain", "pain|x|", "pain|1", "pick|C1", "pick||1.2||", "other|1|2", "pain|1|2|3"],
)
def test_malformed_block_ids_name_nothing(block_id: str) -> None:
    assert PainRef.parse(block_id) is None
    assert PickRef.parse(block_id) is None


def test_the_impact_buttons_share_one_listener() -> None:
    assert SET_IMPACT_PATTERN.match("pain_point.impact.abandon")
    assert not SET_IMPACT_PATTERN.match("pain_point.impact")
    assert not SET_IMPACT_PATTERN.match("pain_point.move")
