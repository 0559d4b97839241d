"""The tray icon, drawn in code: one colour, shape and glyph per state.

Colour alone fails colour-blind users and monochrome panels, so every state also has its own
shape and glyph: a green circle with a check, a blue circle with a wrench, a yellow triangle
with "!", an orange diamond with a bar, a red octagon with a cross, a grey circle with "?", and
a grey circle with a struck-through cloud for offline; a pause badge when notifications are
paused or off. A dark outline keeps the shape readable on
light panels; the saturated fill keeps it readable on dark ones. Shapes are drawn at 8x and
scaled down, which anti-aliases them at every size.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import Image, ImageDraw

from trayapp.core.model import State

SCALE = 8

# (fill, glyph colour); yellow and orange take a dark glyph for contrast.
COLOURS: dict[State, tuple[str, str]] = {
    State.OPERATIONAL: ("#2e9e44", "#ffffff"),
    State.MAINTENANCE: ("#2f6fd6", "#ffffff"),
    State.DEGRADED: ("#f2c200", "#1b1b1b"),
    State.PARTIAL_OUTAGE: ("#f07800", "#1b1b1b"),
    State.MAJOR_OUTAGE: ("#d62b2b", "#ffffff"),
    State.UNKNOWN: ("#8a8a8a", "#ffffff"),
    State.OFFLINE: ("#6b6b6b", "#ffffff"),
}
OUTLINE = "#1b1b1b"
MARKER = COLOURS[State.UNKNOWN][0]
UNCONFIRMED = "#ffffff"


def _rgba(hex_colour: str) -> tuple[int, int, int, int]:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16), 255)


def _polygon(
    cx: float, cy: float, r: float, sides: int, rotation: float
) -> list[tuple[float, float]]:
    return [
        (
            cx + r * math.cos(rotation + 2 * math.pi * i / sides),
            cy + r * math.sin(rotation + 2 * math.pi * i / sides),
        )
        for i in range(sides)
    ]


def _shape(draw: ImageDraw.ImageDraw, state: State, big: int, fill: str, line: int) -> None:
    c = big / 2
    r = big / 2 - line / 2 - big * 0.02
    outline = _rgba(OUTLINE)
    colour = _rgba(fill)
    if state is State.DEGRADED:
        r_tri = r * 1.12
        points = _polygon(c, c + r * 0.16, r_tri, 3, -math.pi / 2)
        draw.polygon(points, fill=colour, outline=outline, width=line)
    elif state is State.PARTIAL_OUTAGE:
        draw.polygon(_polygon(c, c, r, 4, -math.pi / 2), fill=colour, outline=outline, width=line)
    elif state is State.MAJOR_OUTAGE:
        draw.polygon(_polygon(c, c, r, 8, math.pi / 8), fill=colour, outline=outline, width=line)
    else:
        draw.ellipse((c - r, c - r, c + r, c + r), fill=colour, outline=outline, width=line)


def _glyph(draw: ImageDraw.ImageDraw, state: State, big: int, ink: str, fill: str) -> None:
    s = big
    colour = _rgba(ink)
    w = max(2, round(s * 0.13))
    if state is State.OPERATIONAL:
        draw.line(
            [(s * 0.28, s * 0.52), (s * 0.44, s * 0.68), (s * 0.73, s * 0.34)],
            fill=colour,
            width=w,
            joint="curve",
        )
    elif state is State.MAINTENANCE:
        # A wrench: a handle and a ring whose open jaw is cut back out in the fill colour.
        draw.line([(s * 0.30, s * 0.72), (s * 0.55, s * 0.47)], fill=colour, width=w)
        r = s * 0.17
        cx, cy = s * 0.60, s * 0.40
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
        jaw = s * 0.065
        draw.polygon(
            [
                (cx - jaw * 0.4, cy + jaw * 0.4),
                (cx + r * 0.9, cy - r * 0.9 - jaw),
                (cx + r * 0.9 + jaw, cy - r * 0.9),
            ],
            fill=_rgba(fill),
        )
        draw.ellipse((cx - jaw, cy - jaw, cx + jaw, cy + jaw), fill=_rgba(fill))
    elif state is State.DEGRADED:
        draw.line([(s * 0.5, s * 0.38), (s * 0.5, s * 0.6)], fill=colour, width=w)
        d = w * 0.55
        draw.ellipse((s * 0.5 - d, s * 0.71 - d, s * 0.5 + d, s * 0.71 + d), fill=colour)
    elif state is State.PARTIAL_OUTAGE:
        draw.line([(s * 0.28, s * 0.5), (s * 0.72, s * 0.5)], fill=colour, width=w)
    elif state is State.MAJOR_OUTAGE:
        draw.line([(s * 0.33, s * 0.33), (s * 0.67, s * 0.67)], fill=colour, width=w)
        draw.line([(s * 0.67, s * 0.33), (s * 0.33, s * 0.67)], fill=colour, width=w)
    elif state is State.UNKNOWN:
        draw.arc((s * 0.33, s * 0.22, s * 0.67, s * 0.54), start=180, end=60, fill=colour, width=w)
        draw.line(
            [(s * 0.585, s * 0.49), (s * 0.5, s * 0.56), (s * 0.5, s * 0.64)], fill=colour, width=w
        )
        d = w * 0.6
        draw.ellipse((s * 0.5 - d, s * 0.77 - d, s * 0.5 + d, s * 0.77 + d), fill=colour)
    else:  # offline: a cloud, struck through (the network's usual sign for "no connection")
        for cx, cy, r in ((0.35, 0.57, 0.15), (0.52, 0.44, 0.2), (0.68, 0.57, 0.14)):
            draw.ellipse((s * (cx - r), s * (cy - r), s * (cx + r), s * (cy + r)), fill=colour)
        draw.rectangle((s * 0.35, s * 0.52, s * 0.68, s * 0.72), fill=colour)
        # The slash, edged in the fill colour so it reads across the white cloud.
        slash = [(s * 0.24, s * 0.24), (s * 0.78, s * 0.78)]
        draw.line(slash, fill=_rgba(fill), width=round(w * 1.7))
        draw.line(slash, fill=colour, width=round(w * 0.75))


def _marker(draw: ImageDraw.ImageDraw, big: int, line: int) -> None:
    """A small grey "?" disc, bottom right: part of the picture is unknown."""
    r = big * 0.22
    cx = cy = big - r - line / 2
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r),
        fill=_rgba(MARKER),
        outline=_rgba(OUTLINE),
        width=max(1, line),
    )


def _paused_badge(draw: ImageDraw.ImageDraw, big: int, line: int) -> None:
    """A dark disc with two white bars, top right: notifications are paused or off."""
    r = big * 0.24
    cx, cy = big - r - line / 2, r + line / 2
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r),
        fill=_rgba(OUTLINE),
        outline=_rgba("#ffffff"),
        width=max(1, line // 2),
    )
    bar_w, bar_h = r * 0.34, r * 1.1
    for dx in (-r * 0.32, r * 0.32):
        draw.rectangle(
            (cx + dx - bar_w / 2, cy - bar_h / 2, cx + dx + bar_w / 2, cy + bar_h / 2),
            fill=_rgba("#ffffff"),
        )


def _unconfirmed_marker(draw: ImageDraw.ImageDraw, big: int, line: int) -> None:
    """A small white disc with a dark centre, top left: the API probe says so, the page not yet.

    White and round, unlike every state's fill and unlike the grey "?" disc (bottom right), so
    it reads as "not confirmed" on light and dark panels and in monochrome.
    """
    r = big * 0.2
    cx = r + line / 2  # top left: the paused badge has the top right
    cy = r + line / 2
    outline = _rgba(OUTLINE)
    draw.ellipse(
        (cx - r, cy - r, cx + r, cy + r),
        fill=_rgba(UNCONFIRMED),
        outline=outline,
        width=max(1, line),
    )
    dot = r * 0.35
    draw.ellipse((cx - dot, cy - dot, cx + dot, cy + dot), fill=outline)


@lru_cache(maxsize=64)
def render(
    state: State,
    size: int = 64,
    partial_unknown: bool = False,
    paused: bool = False,
    unconfirmed: bool = False,
) -> Image.Image:
    """The icon for ``state`` at ``size`` pixels, RGBA with a transparent background;
    ``paused`` adds the badge that says notifications are paused or off (top right),
    ``unconfirmed`` the marker for a problem only the API probe reports (top left)."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    fill, ink = COLOURS[state]
    # At least one real pixel of outline at 16 px, thinner in proportion above.
    line = max(SCALE, round(big * 0.055))
    _shape(draw, state, big, fill, line)
    _glyph(draw, state, big, ink, fill)
    if partial_unknown and state.is_known:
        _marker(draw, big, line)
    if paused:
        _paused_badge(draw, big, line)
    if unconfirmed and state.is_problem:
        _unconfirmed_marker(draw, big, line)
    return image.resize((size, size), Image.Resampling.LANCZOS)
