"""Slugs and the stage presets a new journey can start from."""

import re

import pytest

from core.presets import PRESETS
from core.slugs import slugify

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café Über", "cafe-uber"),
        ("Shipping cost shown too late!", "shipping-cost-shown-too-late"),
        ("--Hello,   World!--", "hello-world"),
        ("a/b_c.d", "a-b-c-d"),
        ("Step 2: Pay", "step-2-pay"),
    ],
)
def test_slugify_examples(text, expected):
    assert slugify(text) == expected


def test_slugify_trims_to_max_length_without_a_trailing_dash():
    assert slugify("abc def", max_length=4) == "abc"
    assert slugify("a" * 70) == "a" * 64


@pytest.mark.parametrize("text", ["", "!!!", "日本"])
def test_slugify_of_nothing_usable_is_item(text):
    assert slugify(text) == "item"


@pytest.mark.parametrize("text", ["Café Über", "x" * 100, "Ärger mit der Lieferung (DHL)"])
def test_slugify_gives_a_valid_stable_slug(text):
    slug = slugify(text)
    assert SLUG.match(slug)
    assert slugify(slug) == slug


DESIGN_PRESETS = {
    "lifecycle": ["awareness", "consideration", "decision", "retention", "advocacy"],
    "see-think-do-care": ["see", "think", "do", "care"],
    "aida": ["attention", "interest", "desire", "action"],
    "seven-phases": [
        "need",
        "orientation",
        "consideration",
        "decision",
        "delivery",
        "usage",
        "loyalty",
    ],
    "before-during-after": ["before", "during", "after"],
}


@pytest.mark.parametrize(("preset", "stage_keys"), DESIGN_PRESETS.items())
def test_design_presets_have_their_stages_in_order(preset, stage_keys):
    assert preset in PRESETS
    assert PRESETS[preset].key == preset
    assert [key for key, _ in PRESETS[preset].stages] == stage_keys


@pytest.mark.parametrize("preset", list(PRESETS.values()), ids=lambda p: p.key)
def test_every_preset_key_and_stage_key_is_a_valid_slug(preset):
    assert SLUG.match(preset.key)
    keys = [key for key, _ in preset.stages]
    assert all(SLUG.match(key) for key in keys), keys
    assert len(set(keys)) == len(keys)
    assert all(name.strip() for _, name in preset.stages)
