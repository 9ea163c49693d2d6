"""The emotion curve as SVG and PNG images."""

import io

import pytest
from lxml import etree
from PIL import Image

from core.emotion_chart import chart_size, emotion_curve_png, emotion_curve_svg

SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
STEPS: list[tuple[str, int | None]] = [
    ("1. Basket", 1),
    ("2. Promo code", -1),
    ("3. Sign-in wall", -2),
    ("4. Unknown step", None),
    ("5. Address", 0),
    ("6. Delivered", 2),
]


def parse_svg(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode())


def test_the_same_steps_give_the_same_bytes() -> None:
    stages = [("Buy", 3), ("Receive", 3)]
    assert emotion_curve_svg(STEPS, title="t", stages=stages) == emotion_curve_svg(
        list(STEPS), title="t", stages=stages
    )
    assert emotion_curve_png(STEPS, title="t", stages=stages) == emotion_curve_png(
        list(STEPS), title="t", stages=stages
    )


def test_png_has_the_signature_and_the_chart_size() -> None:
    png = emotion_curve_png(STEPS, title="Checkout")
    assert png.startswith(PNG_SIGNATURE)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == chart_size(len(STEPS))
        assert image.format == "PNG"
        # No metadata chunks (time, software, dpi): they would change bytes, not pixels.
        assert not image.info.get("dpi")
        assert "Software" not in image.info


def test_width_grows_with_the_number_of_steps() -> None:
    narrow, height = chart_size(6)
    wide, same_height = chart_size(30)
    assert wide > narrow
    assert height == same_height
    many = [(f"step {n}", n % 5 - 2) for n in range(30)]
    with Image.open(io.BytesIO(emotion_curve_png(many, title="Many"))) as image:
        assert image.size == (wide, height)
    root = parse_svg(emotion_curve_svg(many, title="Many"))
    assert root.get("width") == str(wide)


def test_svg_has_one_circle_per_known_emotion_and_a_gap_for_unknown() -> None:
    root = parse_svg(emotion_curve_svg(STEPS, title="Checkout"))
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == sum(emotion is not None for _, emotion in STEPS)
    # Level +2 sits above level -2 (SVG y grows downwards).
    ys = {int(c.get("cy", "0")) for c in circles}
    assert len(ys) == 5
    # The unknown step breaks the line: steps 1-3 and 5-6 are two separate polylines.
    lines = root.findall(f".//{SVG}polyline")
    assert [len(line.get("points", "").split()) for line in lines] == [3, 2]


def test_points_run_from_left_to_right_in_step_order() -> None:
    root = parse_svg(emotion_curve_svg(STEPS, title="Checkout"))
    xs = [int(c.get("cx", "0")) for c in root.findall(f".//{SVG}circle")]
    assert xs == sorted(xs)


def test_user_text_is_escaped_in_the_svg() -> None:
    nasty = '<b>&"</b>'
    svg = emotion_curve_svg([(nasty, 1), ("ok", None)], title="A & <B>")
    assert "<b>" not in svg
    root = parse_svg(svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert nasty in texts
    assert root.findtext(f"{SVG}title") == "A & <B>"


def test_characters_xml_forbids_are_dropped() -> None:
    root = parse_svg(emotion_curve_svg([("bell\x07 step", 0)], title="nul\x00title"))
    assert "bell step" in ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_long_labels_are_shortened() -> None:
    label = "A very long step name that would overlap its neighbours on the axis"
    root = parse_svg(emotion_curve_svg([(label, 1)], title="t"))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    shortened = [t for t in texts if t.startswith("A very long")]
    assert len(shortened) == 1
    assert shortened[0].endswith("…")
    assert len(shortened[0]) <= 24


def test_stage_bands_are_named() -> None:
    root = parse_svg(emotion_curve_svg(STEPS, title="t", stages=[("Buy", 3), ("Receive", 3)]))
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Buy" in texts
    assert "Receive" in texts


def test_an_empty_journey_still_draws_the_axes() -> None:
    root = parse_svg(emotion_curve_svg([], title="Empty"))
    assert root.findall(f".//{SVG}circle") == []
    assert emotion_curve_png([], title="Empty").startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("emotion", [3, -3])
def test_an_emotion_outside_the_scale_is_refused(emotion: int) -> None:
    with pytest.raises(ValueError, match=r"-2\.\.\+2"):
        emotion_curve_svg([("step", emotion)], title="t")
    with pytest.raises(ValueError):
        emotion_curve_png([("step", emotion)], title="t")
