"""The replay's clock: the scenario's own day at ``speed`` times real time, still until the tray
is up, jumping skipped nights in wall and monotonic time alike (the app takes that as a
resume, as after a laptop's night)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from trayapp.demo.clock import VirtualClock
from trayapp.demo.scenario import Skip

START = datetime.fromisoformat("2024-12-11T14:58:00-08:00")


class Real:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_it_stands_still_until_started_then_runs_speed_times_faster():
    real = Real()
    clock = VirtualClock(START, 60, real=real)
    real.now += 30
    assert clock.now() == START and clock.monotonic() == 0
    clock.start()
    real.now += 60  # a real minute
    assert clock.now() == START + timedelta(hours=1)
    assert clock.monotonic() == 3600
    clock.start()  # a second start changes nothing
    assert clock.now() == START + timedelta(hours=1)
    assert clock.timebase().real_seconds(3600) == 60


def test_a_skipped_night_jumps_wall_and_monotonic_time_together():
    night = Skip(START + timedelta(hours=5), START + timedelta(hours=16))
    real = Real()
    clock = VirtualClock(START, 600, [night], real=real)
    clock.start()
    real.now += 29.9  # 4 h 59 min of replay
    before = clock.monotonic()
    assert clock.now() < night.start
    real.now += 0.2  # two more minutes of replay: past the skip
    assert (clock.now() - night.end).total_seconds() == pytest.approx(60)
    assert clock.monotonic() - before == pytest.approx(11 * 3600 + 120)
    assert (clock.now() - START).total_seconds() == pytest.approx(clock.monotonic())
    # Real seconds until a time after the night: the night costs none.
    assert clock.real_seconds_until(night.end + timedelta(hours=1)) == pytest.approx(36)
    assert clock.real_seconds_until(night.start + timedelta(hours=3)) == pytest.approx(30)


def test_speed_must_be_positive():
    with pytest.raises(ValueError, match="positive"):
        VirtualClock(START, 0)


def test_the_replay_ends_even_if_the_app_never_looks_at_its_pages():
    real = Real()
    clock = VirtualClock(START, 60, real=real)
    ends = START + timedelta(hours=1)
    began = real.now
    assert not clock.over(ends, began)
    real.now += 19
    assert not clock.over(ends, began) and not clock.started
    real.now += 1  # twenty real seconds without a first look: the clock runs anyway
    assert not clock.over(ends, began) and clock.started
    assert clock.real_seconds_left(ends) == 60
    real.now += 60
    assert clock.over(ends, began)
