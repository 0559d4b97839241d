"""The icon's "unconfirmed" marker: a white disc, top left, on problem states only."""

from __future__ import annotations

from tests.e2e.desktop_session import pixels
from trayapp.core.model import State
from trayapp.views.icon import render


def white_share(state: State, unconfirmed: bool, box: tuple[int, int, int, int]) -> float:
    image = render(state, 32, unconfirmed=unconfirmed)
    flat = image.convert("RGBA").crop(box)
    alpha = flat.getchannel("A").tobytes()
    rgb = pixels(flat.convert("RGB"))
    white = sum(1 for a, p in zip(alpha, rgb, strict=True) if a > 200 and min(p) > 230)
    return white / len(rgb)


def test_the_marker_is_white_top_left_and_distinct_from_the_unknown_marker():
    top_left, bottom_right = (0, 0, 10, 10), (22, 22, 32, 32)
    assert white_share(State.DEGRADED, True, top_left) > 0.15
    assert white_share(State.DEGRADED, False, top_left) < 0.05
    assert white_share(State.DEGRADED, True, bottom_right) == white_share(
        State.DEGRADED, False, bottom_right
    )
    marked = render(State.DEGRADED, 32, unconfirmed=True).tobytes()
    assert marked != render(State.DEGRADED, 32, partial_unknown=True).tobytes()


def test_the_marker_never_sits_on_a_state_that_is_not_a_problem():
    for state in (State.OPERATIONAL, State.MAINTENANCE, State.UNKNOWN, State.OFFLINE):
        assert render(state, 32, unconfirmed=True).tobytes() == render(state, 32).tobytes()


def test_the_marker_and_the_paused_badge_are_both_visible():
    both = render(State.MAJOR_OUTAGE, 32, paused=True, unconfirmed=True)
    assert both.tobytes() != render(State.MAJOR_OUTAGE, 32, paused=True).tobytes()
    assert both.tobytes() != render(State.MAJOR_OUTAGE, 32, unconfirmed=True).tobytes()
