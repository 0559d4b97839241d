from __future__ import annotations

import pytest

from tests.e2e.desktop_session import dominant_state_colour
from trayapp.core.model import State
from trayapp.views.icon import render

SIZES = (16, 22, 24, 32, 64)
EXPECTED = {
    State.OPERATIONAL: "green",
    State.MAINTENANCE: "blue",
    State.DEGRADED: "yellow",
    State.PARTIAL_OUTAGE: "orange",
    State.MAJOR_OUTAGE: "red",
    State.UNKNOWN: "grey",
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("state", list(State))
def test_every_state_at_every_size_is_transparent_and_coloured(state: State, size: int):
    image = render(state, size)
    assert image.size == (size, size) and image.mode == "RGBA"
    alpha = image.getchannel("A")
    assert alpha.getpixel((0, 0)) == 0, "corners are transparent"
    assert alpha.getpixel((size // 2, size // 2)) == 255, "the middle is solid"
    if state in EXPECTED and size >= 22:
        flat = image.convert("RGB")
        assert dominant_state_colour(flat, (0, 0, size, size)) == EXPECTED[state]


@pytest.mark.parametrize("size", SIZES)
def test_states_differ_in_shape_not_only_colour(size: int):
    """On a monochrome panel (or to a colour-blind eye) each state still looks different:
    reduced to black and white, every pair differs in at least 2 % of the pixels (the glyphs)."""

    def monochrome(state: State) -> bytes:
        image = render(state, size)
        light = image.convert("L").point(lambda v: 255 if v > 110 else 0)
        solid = image.getchannel("A").point(lambda v: 255 if v > 128 else 0)
        return bytes(
            a // 255 + 2 * (b // 255) for a, b in zip(light.tobytes(), solid.tobytes(), strict=True)
        )

    shapes = {state: monochrome(state) for state in State}
    for a in State:
        for b in State:
            if a.value < b.value:
                differing = sum(x != y for x, y in zip(shapes[a], shapes[b], strict=True))
                assert differing >= 0.02 * size * size, (a, b, differing)


def test_partial_unknown_adds_a_grey_marker_to_known_states_only():
    plain, marked = (
        render(State.OPERATIONAL, 32),
        render(State.OPERATIONAL, 32, partial_unknown=True),
    )
    corner = (22, 22, 32, 32)
    assert dominant_state_colour(marked.convert("RGB"), corner) == "grey"
    assert dominant_state_colour(plain.convert("RGB"), corner) != "grey"
    assert (
        render(State.UNKNOWN, 32, partial_unknown=True).tobytes()
        == render(State.UNKNOWN, 32).tobytes()
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_pause_badge_is_visible_at_every_size(size: int):
    plain = render(State.OPERATIONAL, size).convert("RGB").tobytes()
    badged = render(State.OPERATIONAL, size, paused=True).convert("RGB").tobytes()
    changed = sum(a != b for a, b in zip(plain, badged, strict=True)) // 3
    assert changed >= size * size * 0.08  # a corner of the icon, not a stray pixel
