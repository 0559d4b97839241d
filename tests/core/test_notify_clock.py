"""Notification gaps run on the monotonic clock: a stepped wall clock hides nothing (issue 7)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.core.test_notify_policy import START, S, status
from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import State
from trayapp.core.notify_policy import Kind, Memory, Settings, decide

UP, DOWN = S.OPERATIONAL, S.MAJOR_OUTAGE


def run(timeline: list[tuple[State, timedelta]]) -> list[tuple[int, Kind]]:
    """One poll a minute on the monotonic clock; the wall clock is shifted by each offset."""
    memory, sent = Memory(), []
    for minute, (state, wall_offset) in enumerate(timeline):
        now = START + timedelta(minutes=minute) + wall_offset
        snapshot = build_snapshot([status("claude", state)], now)
        memory, notes = decide(memory, snapshot, now, Settings(), monotonic=60.0 * minute)
        sent += [(minute, n.kind) for n in notes]
    return sent


BACK = -timedelta(hours=1)
AHEAD = timedelta(hours=5)


@pytest.mark.parametrize(
    ("timeline", "expected"),
    [
        # An outage, a recovery, then the clock is set back an hour: the next outage, 14 minutes
        # after the first notification, is announced (wall-clock gaps said "-46 minutes").
        (
            [(UP, timedelta())]
            + [(DOWN, timedelta())] * 2
            + [(UP, timedelta())] * 2
            + [(UP, BACK)] * 10
            + [(DOWN, BACK)] * 2,
            [(2, Kind.OUTAGE), (4, Kind.RECOVERY), (16, Kind.OUTAGE)],
        ),
        # Jumping ahead does not open the gap early. The first relapse after a recovery is
        # always told ("down again", issue 9); a second flap inside the same 10 minutes is held
        # back although the wall clock says hours have passed.
        (
            [(UP, timedelta())]
            + [(DOWN, timedelta())] * 2
            + [(UP, AHEAD)] * 2
            + [(DOWN, AHEAD)] * 2
            + [(UP, AHEAD)] * 2
            + [(DOWN, AHEAD)] * 2,
            [(2, Kind.OUTAGE), (4, Kind.RECOVERY), (6, Kind.OUTAGE), (8, Kind.RECOVERY)],
        ),
    ],
    ids=["stepped-back", "stepped-ahead"],
)
def test_notification_gaps_ignore_wall_clock_steps(timeline, expected):
    assert run(timeline) == expected


def test_cannot_reach_waits_on_the_monotonic_clock():
    memory = Memory()
    told = []
    for minute in range(7):
        # The wall clock runs backwards; five monotonic minutes of nothing readable still count.
        now = START - timedelta(minutes=minute)
        snapshot = build_snapshot([status("claude", S.UNKNOWN)], now)
        memory, notes = decide(memory, snapshot, now, Settings(), monotonic=60.0 * minute)
        told += [(minute, n.kind) for n in notes]
    assert told == [(5, Kind.UNREACHABLE)]
