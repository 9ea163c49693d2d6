"""The emotion curve as an image: SVG for browsers, PNG for every Confluence version.

Both drawings share one layout (``_Layout``), so the SVG and the PNG show the same chart:
y runs from -2 (very unhappy) to +2 (very happy) with a zero line, one point per step in
journey order, a line through consecutive known emotions and a gap (with a ``?`` on the
zero line) where a step's emotion is unknown. Optional stage bands name the stages.

Both outputs are deterministic: the same input gives the same bytes (integer geometry,
no timestamps, no PNG metadata), which is what lets the Confluence sync skip unchanged
attachments by comparing hashes.
"""

import functools
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from PIL import Image, ImageColor, ImageDraw, ImageFont

Step = tuple[str, int | None]
"""One step of the curve: its label and its emotion (-2..+2, None when unknown)."""

StageSpan = tuple[str, int]
"""One stage band: its name and how many consecutive steps it holds."""

LEVEL_NAMES = {2: "very happy", 1: "happy", 0: "neutral", -1: "unhappy", -2: "very unhappy"}
# Atlassian design-system colours, so the chart sits naturally on a Confluence page.
LEVEL_COLOURS = {2: "#00875A", 1: "#36B37E", 0: "#7A869A", -1: "#FF8B00", -2: "#DE350B"}
INK = "#172B4D"
MUTED = "#5E6C84"
GRID = "#DFE1E6"
ZERO = "#7A869A"
LINE = "#42526E"
BAND = "#F4F5F7"
BACKGROUND = "#FFFFFF"

STEP_WIDTH = 72
LEVEL_GAP = 50
LEFT = 136
RIGHT = 40
TOP = 76
LABEL_AREA = 124
BOTTOM = 16
MIN_WIDTH = 520
POINT_RADIUS = 6
LABEL_CHARS = 24
FONT_SIZE = 12
TITLE_SIZE = 16
PNG_SCALE = 2  # drawn at twice the size, then reduced: Pillow draws without anti-aliasing

# Characters XML 1.0 forbids even when escaped; user text may carry them (pasted
# terminal output, broken encodings) and one of them makes the whole SVG unreadable.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def chart_size(step_count: int) -> tuple[int, int]:
    """The (width, height) in pixels of a chart of ``step_count`` steps.

    The width grows by a fixed amount per step so labels never overlap; the height is
    fixed.
    """
    width = max(MIN_WIDTH, LEFT + STEP_WIDTH * step_count + RIGHT)
    height = TOP + 4 * LEVEL_GAP + 24 + LABEL_AREA + BOTTOM
    return width, height


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis when longer."""
    flat = " ".join(_XML_FORBIDDEN.sub("", text).split())
    return flat if len(flat) <= limit else flat[: max(limit - 1, 0)].rstrip() + "…"


@dataclass(frozen=True)
class _Point:
    x: int
    y: int
    emotion: int


@dataclass(frozen=True)
class _Band:
    name: str
    left: int
    right: int


@dataclass(frozen=True)
class _Layout:
    """Every coordinate and piece of text of the chart, computed once for both formats."""

    width: int
    height: int
    title: str
    step_x: tuple[int, ...]
    labels: tuple[str, ...]
    points: tuple[_Point | None, ...]
    bands: tuple[_Band, ...]

    @property
    def plot_right(self) -> int:
        return self.width - RIGHT

    @property
    def label_top(self) -> int:
        return y_of(-2) + 24

    def segments(self) -> list[list[_Point]]:
        """Runs of consecutive known points; an unknown step breaks the line."""
        runs: list[list[_Point]] = []
        current: list[_Point] = []
        for point in self.points:
            if point is None:
                if current:
                    runs.append(current)
                current = []
            else:
                current.append(point)
        if current:
            runs.append(current)
        return runs


def y_of(level: int) -> int:
    """The y coordinate of an emotion level (+2 at the top)."""
    return TOP + (2 - level) * LEVEL_GAP


def _check(steps: Sequence[Step]) -> None:
    for label, emotion in steps:
        if emotion is not None and emotion not in LEVEL_NAMES:
            raise ValueError(f"emotion of step {label!r} is {emotion}; it must be -2..+2")


def _layout(steps: Sequence[Step], title: str, stages: Sequence[StageSpan]) -> _Layout:
    _check(steps)
    width, height = chart_size(len(steps))
    step_x = tuple(LEFT + STEP_WIDTH * i + STEP_WIDTH // 2 for i in range(len(steps)))
    points = tuple(
        None if emotion is None else _Point(x, y_of(emotion), emotion)
        for x, (_, emotion) in zip(step_x, steps, strict=True)
    )
    bands = []
    start = 0
    for name, count in stages:
        if count <= 0:
            continue
        end = min(start + count, len(steps))
        if start >= end:
            break
        left, right = LEFT + STEP_WIDTH * start, LEFT + STEP_WIDTH * end
        bands.append(_Band(shorten(name, max(3, (right - left) // 7)), left, right))
        start = end
    return _Layout(
        width=width,
        height=height,
        title=shorten(title, max(10, (width - 32) // 9)),
        step_x=step_x,
        labels=tuple(shorten(label, LABEL_CHARS) for label, _ in steps),
        points=points,
        bands=tuple(bands),
    )


def _level_label(level: int) -> str:
    return f"{level:+d} {LEVEL_NAMES[level]}" if level else f"0 {LEVEL_NAMES[0]}"


def _text(value: str) -> str:
    return escape(_XML_FORBIDDEN.sub("", value))


def emotion_curve_svg(
    steps: list[tuple[str, int | None]], *, title: str, stages: Sequence[StageSpan] = ()
) -> str:
    """The emotion curve as a standalone SVG document.

    Args:
        steps: (label, emotion) per step in journey order; emotion -2..+2 or None.
        title: the heading drawn above the chart (and the SVG's accessible title).
        stages: optional (stage name, number of steps) bands, in order, drawn as shaded
            columns with the stage name on top and separators between them.

    Raises:
        ValueError: an emotion outside -2..+2.
    """
    lay = _layout(steps, title, stages)
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{lay.width}" height="{lay.height}" viewBox="0 0 {lay.width} {lay.height}" '
        'role="img" font-family="Helvetica, Arial, sans-serif">',
        f"<title>{_text(title)}</title>",
        f'<rect x="0" y="0" width="{lay.width}" height="{lay.height}" fill="{BACKGROUND}"/>',
        f'<text x="16" y="30" font-size="{TITLE_SIZE}" font-weight="bold" fill="{INK}">'
        f"{_text(lay.title)}</text>",
    ]
    band_top, band_bottom = TOP - 24, y_of(-2) + 12
    for index, band in enumerate(lay.bands):
        if index % 2 == 0:
            out.append(
                f'<rect x="{band.left}" y="{band_top}" width="{band.right - band.left}" '
                f'height="{band_bottom - band_top}" fill="{BAND}"/>'
            )
        if index:
            out.append(
                f'<line x1="{band.left}" y1="{band_top}" x2="{band.left}" y2="{band_bottom}" '
                f'stroke="{GRID}" stroke-width="1"/>'
            )
        out.append(
            f'<text x="{(band.left + band.right) // 2}" y="{TOP - 10}" font-size="{FONT_SIZE}" '
            f'font-weight="bold" text-anchor="middle" fill="{MUTED}">{_text(band.name)}</text>'
        )
    for level in (2, 1, 0, -1, -2):
        y = y_of(level)
        stroke = (
            f'stroke="{ZERO}" stroke-width="2"'
            if level == 0
            else f'stroke="{GRID}" stroke-width="1" stroke-dasharray="4 4"'
        )
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{lay.plot_right}" y2="{y}" {stroke}/>')
        out.append(
            f'<text x="{LEFT - 10}" y="{y + 4}" font-size="{FONT_SIZE}" text-anchor="end" '
            f'fill="{LEVEL_COLOURS[level]}">{_text(_level_label(level))}</text>'
        )
    for run in lay.segments():
        if len(run) > 1:
            coords = " ".join(f"{p.x},{p.y}" for p in run)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{LINE}" stroke-width="2.5" '
                'stroke-linejoin="round" stroke-linecap="round"/>'
            )
    for x, point, label in zip(lay.step_x, lay.points, lay.labels, strict=True):
        if point is None:
            out.append(
                f'<text x="{x}" y="{y_of(0) + 5}" font-size="{FONT_SIZE + 2}" '
                f'text-anchor="middle" fill="{MUTED}">?</text>'
            )
        else:
            out.append(
                f'<circle cx="{point.x}" cy="{point.y}" r="{POINT_RADIUS}" '
                f'fill="{LEVEL_COLOURS[point.emotion]}" stroke="{BACKGROUND}" stroke-width="2">'
                f"<title>{_text(label)}: {point.emotion:+d}</title></circle>"
            )
        top = lay.label_top
        out.append(
            f'<text x="{x}" y="{top}" font-size="{FONT_SIZE}" text-anchor="end" '
            f'transform="rotate(-45 {x} {top})" fill="{INK}">{_text(label)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


BLEND_STEPS = 8  # shades between each ink and each background in the PNG palette


@functools.cache
def _palette() -> Image.Image:
    """A palette image of every ink blended in BLEND_STEPS steps over both backgrounds."""
    inks = [INK, MUTED, GRID, ZERO, LINE, *LEVEL_COLOURS.values()]
    colours: set[tuple[int, ...]] = set()
    for base in (ImageColor.getrgb(BACKGROUND), ImageColor.getrgb(BAND)):
        for ink in map(ImageColor.getrgb, inks):
            for step in range(BLEND_STEPS):
                share = step / (BLEND_STEPS - 1)
                colours.add(
                    tuple(round(b + (i - b) * share) for b, i in zip(base, ink, strict=True))
                )
    flat = [value for colour in sorted(colours) for value in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + [0] * (768 - len(flat)))
    return palette


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Loading the font file is most of the cost of drawing a label: load each size once.
    return ImageFont.load_default(size=size)


def _box(
    draw: ImageDraw.ImageDraw, value: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont
) -> tuple[int, int, int, int]:
    """The pixel box of ``value`` drawn with its baseline start at the origin."""
    left, top, right, bottom = draw.textbbox((0, 0), value, font=font, anchor="ls")
    return math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom)


class _Canvas:
    """Pillow drawing in chart coordinates.

    Shapes are drawn at ``PNG_SCALE`` times the final size and reduced (Pillow draws them
    without anti-aliasing); text is anti-aliased by FreeType already, so it is drawn at
    the final size, after the shapes, which is a quarter of the pixels to render.
    """

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.image = Image.new("RGB", (width * PNG_SCALE, height * PNG_SCALE), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)
        self._labels: list[Callable[[Image.Image, ImageDraw.ImageDraw], None]] = []

    def line(self, points: Sequence[tuple[int, int]], colour: str, width: float) -> None:
        scaled = [(x * PNG_SCALE, y * PNG_SCALE) for x, y in points]
        self.draw.line(scaled, fill=colour, width=round(width * PNG_SCALE), joint="curve")

    def dashed(self, x1: int, x2: int, y: int, colour: str, dash: int = 4) -> None:
        for start in range(x1, x2, 2 * dash):
            self.line([(start, y), (min(start + dash, x2), y)], colour, 1)

    def rect(self, left: int, top: int, right: int, bottom: int, colour: str) -> None:
        box = (left * PNG_SCALE, top * PNG_SCALE, right * PNG_SCALE - 1, bottom * PNG_SCALE - 1)
        self.draw.rectangle(box, fill=colour)

    def circle(self, x: int, y: int, radius: int, colour: str) -> None:
        outer = (radius + 2) * PNG_SCALE
        inner = radius * PNG_SCALE
        cx, cy = x * PNG_SCALE, y * PNG_SCALE
        self.draw.ellipse((cx - outer, cy - outer, cx + outer, cy + outer), fill=BACKGROUND)
        self.draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=colour)

    def text(self, x: int, y: int, value: str, colour: str, size: int, align: str) -> None:
        """Draw ``value`` with its baseline at ``y``; ``align`` is start, middle or end."""

        def label(_image: Image.Image, draw: ImageDraw.ImageDraw) -> None:
            font = _font(size)
            left, _, right, _ = _box(draw, value, font)
            width = right - left
            sx = x - {"start": 0, "middle": width // 2, "end": width}[align]
            draw.text((sx, y), value, fill=colour, font=font, anchor="ls")

        self._labels.append(label)

    def slanted_text(self, x: int, y: int, value: str, colour: str, size: int) -> None:
        """Text rising at 45 degrees whose end sits at (x, y), like SVG's rotate(-45)."""

        def label(_image: Image.Image, draw: ImageDraw.ImageDraw) -> None:
            font = _font(size)
            left, top, right, bottom = _box(draw, value, font)
            pad = 2
            mask = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 0)
            ImageDraw.Draw(mask).text(
                (pad - left, pad - top), value, fill=255, font=font, anchor="ls"
            )
            # The end of the baseline, relative to the mask's centre, before and after
            # rotation.
            end_dx = (right - left) / 2
            end_dy = pad - top - mask.height / 2
            angle = math.radians(45)
            rotated = mask.rotate(45, resample=Image.Resampling.BICUBIC, expand=True)
            rx = rotated.width / 2 + end_dx * math.cos(angle) + end_dy * math.sin(angle)
            ry = rotated.height / 2 - end_dx * math.sin(angle) + end_dy * math.cos(angle)
            origin = (round(x - rx), round(y - ry))
            draw.bitmap(origin, rotated, fill=colour)

        self._labels.append(label)

    def png(self) -> bytes:
        # A box filter over each PNG_SCALE x PNG_SCALE block: the shapes' anti-aliasing.
        final = self.image.reduce(PNG_SCALE)
        draw = ImageDraw.Draw(final)
        for label in self._labels:
            label(final, draw)
        # The chart's own colours and their anti-aliasing blends fit a small fixed palette:
        # a third of the bytes and a fifth of the time to compress, same look.
        paletted = final.quantize(palette=_palette(), dither=Image.Dither.NONE)
        buffer = io.BytesIO()
        # No dpi, no text chunks, no time chunk: the bytes depend on the pixels only.
        paletted.save(buffer, format="PNG", optimize=False, compress_level=6)
        return buffer.getvalue()


def emotion_curve_png(
    steps: list[tuple[str, int | None]], *, title: str, stages: Sequence[StageSpan] = ()
) -> bytes:
    """The same chart as ``emotion_curve_svg``, drawn with Pillow as PNG bytes.

    For Confluence versions and viewers that do not show SVG attachments. The size is
    ``chart_size(len(steps))``.

    Raises:
        ValueError: an emotion outside -2..+2.
    """
    lay = _layout(steps, title, stages)
    canvas = _Canvas(lay.width, lay.height)
    canvas.text(16, 30, lay.title, INK, TITLE_SIZE, "start")
    band_top, band_bottom = TOP - 24, y_of(-2) + 12
    for index, band in enumerate(lay.bands):
        if index % 2 == 0:
            canvas.rect(band.left, band_top, band.right, band_bottom, BAND)
        if index:
            canvas.line([(band.left, band_top), (band.left, band_bottom)], GRID, 1)
        canvas.text((band.left + band.right) // 2, TOP - 10, band.name, MUTED, FONT_SIZE, "middle")
    for level in (2, 1, 0, -1, -2):
        y = y_of(level)
        if level == 0:
            canvas.line([(LEFT, y), (lay.plot_right, y)], ZERO, 2)
        else:
            canvas.dashed(LEFT, lay.plot_right, y, GRID)
        canvas.text(LEFT - 10, y + 4, _level_label(level), LEVEL_COLOURS[level], FONT_SIZE, "end")
    for run in lay.segments():
        if len(run) > 1:
            canvas.line([(p.x, p.y) for p in run], LINE, 2.5)
    for x, point, label in zip(lay.step_x, lay.points, lay.labels, strict=True):
        if point is None:
            canvas.text(x, y_of(0) + 5, "?", MUTED, FONT_SIZE + 2, "middle")
        else:
            canvas.circle(point.x, point.y, POINT_RADIUS, LEVEL_COLOURS[point.emotion])
        canvas.slanted_text(x, lay.label_top, label, INK, FONT_SIZE)
    return canvas.png()
