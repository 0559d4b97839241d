"""The polling thread: hands snapshots over, refreshes on demand, stops at once, and says so
if it ever dies."""

from __future__ import annotations

import itertools
import threading
import time
import types

import pytest

from tests.conftest import make_spec
from tests.statusserver import StatusServer, wait_for
from trayapp.core.model import Snapshot, State
from trayapp.polling.thread import PollingThread
from trayapp.settings.config import Config


def test_publishes_refreshes_and_stops(server: StatusServer):
    server.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")
    complete: list[Snapshot] = []
    died: list[str] = []
    config = Config(providers=(make_spec("statuspage", server.url),), poll_interval=3600)
    thread = PollingThread(
        config, lambda s, done: complete.append(s) if done else None, lambda: None, died.append
    )
    thread.start()
    assert wait_for(lambda: len(complete) == 1, 10)
    assert complete[0].overall is State.OPERATIONAL

    server.set_fixture("/api/v2/summary.json", "statuspage/outage.json")
    thread.refresh()  # without it the next poll is an hour away
    assert wait_for(lambda: len(complete) == 2, 10)
    assert complete[1].overall is State.MAJOR_OUTAGE

    thread.stop()  # in the middle of an hour's wait for the next poll
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert died == []


def test_a_dying_thread_says_so(server: StatusServer):
    server.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")
    died: list[str] = []
    done = threading.Event()

    def publish(snapshot: Snapshot, complete: bool) -> None:
        raise SystemExit("boom")  # not an Exception: escapes the per-cycle guard

    def record(message: str) -> None:
        died.append(message)
        done.set()

    config = Config(providers=(make_spec("statuspage", server.url),), poll_interval=60)
    thread = PollingThread(config, publish, lambda: None, record)
    thread.start()
    assert done.wait(10)
    assert died == ["Status checks stopped (SystemExit: boom); restart the app"]


def test_an_exception_in_a_cycle_is_survived(server: StatusServer):
    server.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")
    calls: list[bool] = []

    def publish(snapshot: Snapshot, complete: bool) -> None:
        calls.append(complete)
        if len(calls) == 1:
            raise RuntimeError("a bug in a view")

    config = Config(providers=(make_spec("statuspage", server.url),), poll_interval=0.5)
    thread = PollingThread(config, publish, lambda: None, lambda m: None)
    thread.start()
    assert wait_for(lambda: len(calls) >= 3, 10)
    thread.stop()
    thread.join(timeout=5)


def test_a_suspend_ends_the_wait_for_the_next_poll(
    server: StatusServer, monkeypatch: pytest.MonkeyPatch
):
    """After a resume the wall clock has moved on without the monotonic one: poll at once
    instead of showing pre-suspend health for up to a whole interval (issue 7)."""
    from trayapp.polling import thread as thread_module

    server.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")
    jump = [0.0]
    fake_time = types.SimpleNamespace(monotonic=time.monotonic, time=lambda: time.time() + jump[0])
    monkeypatch.setattr(thread_module, "time", fake_time)
    complete: list[Snapshot] = []
    config = Config(providers=(make_spec("statuspage", server.url),), poll_interval=3600)
    thread = PollingThread(
        config, lambda s, done: complete.append(s) if done else None, lambda: None, print
    )
    thread.start()
    try:
        assert wait_for(lambda: len(complete) == 1, 10)
        jump[0] = 3 * 3600.0  # the machine slept for three hours
        assert wait_for(lambda: len(complete) == 2, 3 * thread_module.WAKE_CHECK)
    finally:
        thread.stop()
        thread.join(timeout=5)


def test_on_a_metered_connection_it_polls_at_the_data_savers_pace_and_says_so(
    server: StatusServer,
):
    from trayapp.core.datasaver import DataSaver

    server.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")
    metered = [True] * 3 + [False] * 100  # the connection changes after three polls
    savers: list[DataSaver] = []

    async def is_metered() -> bool | None:
        return metered.pop(0)

    config = Config(
        providers=(make_spec("statuspage", server.url),),
        poll_interval=0.5,
        data_saver_interval=2.0,
    )
    thread = PollingThread(
        config, lambda s, done: None, lambda: None, lambda m: None, savers.append, is_metered
    )
    thread.start()
    try:
        assert wait_for(lambda: len(savers) == 2, 30), savers
        assert wait_for(lambda: server.hits["/api/v2/summary.json"] >= 7, 30)
    finally:
        thread.stop()
        thread.join(timeout=5)
    assert savers == [DataSaver(True, 2.0, True), DataSaver(False, 0.5, False)]
    asked = server.asked_at["/api/v2/summary.json"]
    # The first three polls two seconds apart (a loaded machine only makes gaps longer) ...
    assert all(b - a >= 1.9 for a, b in itertools.pairwise(asked[:4])), asked
    # ... then every half second again: seven polls came, not thirty seconds of two-second gaps.
    assert len(asked) >= 7


def test_a_faster_timebase_dates_and_spaces_polls_by_its_own_clock(server: StatusServer):
    """A replay's clock (the demo): polls a minute apart on it come a quarter second apart in
    real time, and are dated on its day."""
    from datetime import UTC, datetime, timedelta

    from trayapp.polling.timebase import Timebase

    server.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")
    began = time.monotonic()
    day = datetime(2024, 12, 11, 23, 0, tzinfo=UTC)

    def elapsed() -> float:
        return (time.monotonic() - began) * 240

    timebase = Timebase(
        now=lambda: day + timedelta(seconds=elapsed()), monotonic=elapsed, speed=240
    )
    complete: list[Snapshot] = []
    config = Config(providers=(make_spec("statuspage", server.url),), poll_interval=60)
    thread = PollingThread(
        config,
        lambda s, done: complete.append(s) if done else None,
        lambda: None,
        lambda m: None,
        timebase=timebase,
    )
    thread.start()
    try:
        # On the real clock four polls a minute apart take three minutes.
        assert wait_for(lambda: len(complete) >= 4, 30)
    finally:
        thread.stop()
        thread.join(timeout=5)
    dates = [s.checked_at for s in complete[:4]]
    assert all(day <= d < day + timedelta(hours=2) for d in dates), dates
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(dates)]
    assert all(g >= 59 for g in gaps), gaps


def test_refresh_now_asks_the_page_even_while_its_max_age_covers_it(server: StatusServer):
    fresh = {"Cache-Control": "max-age=300"}
    server.set_statuspage("", "statuspage/healthy.json", headers=fresh)
    complete: list[Snapshot] = []
    config = Config(providers=(make_spec("statuspage", server.url),), poll_interval=3600)
    thread = PollingThread(
        config, lambda s, done: complete.append(s) if done else None, lambda: None, print
    )
    thread.start()
    try:
        assert wait_for(lambda: len(complete) == 1, 10)
        server.set_statuspage("", "statuspage/outage.json", headers=fresh)
        thread.refresh()
        assert wait_for(lambda: len(complete) == 2, 10)
    finally:
        thread.stop()
        thread.join(timeout=5)
    assert complete[0].overall is State.OPERATIONAL
    assert complete[1].overall is State.MAJOR_OUTAGE  # not the kept answer, five minutes fresh
    assert server.hits["/api/v2/summary.json"] == 2


def test_a_faster_timebase_also_runs_out_a_page_s_max_age(server: StatusServer):
    """The fetcher keeps the replay's time too: a page fresh for a minute is asked again at
    each poll a minute of the replay apart (a quarter of a real second), not once."""
    from datetime import UTC, datetime, timedelta

    from trayapp.polling.timebase import Timebase

    server.set_json("/api/v2/summary.json", {"status": {"indicator": "none"}, "components": []},
                    headers={"Cache-Control": "max-age=60"})  # fmt: skip
    began = time.monotonic()
    day = datetime(2024, 12, 11, 23, 0, tzinfo=UTC)

    def elapsed() -> float:
        return (time.monotonic() - began) * 240

    timebase = Timebase(
        now=lambda: day + timedelta(seconds=elapsed()), monotonic=elapsed, speed=240
    )
    complete: list[Snapshot] = []
    config = Config(providers=(make_spec("statuspage", server.url),), poll_interval=60)
    thread = PollingThread(
        config,
        lambda s, done: complete.append(s) if done else None,
        lambda: None,
        lambda m: None,
        timebase=timebase,
    )
    thread.start()
    try:
        assert wait_for(lambda: len(complete) >= 4, 30)
    finally:
        thread.stop()
        thread.join(timeout=5)
    assert server.hits["/api/v2/summary.json"] >= 4, server.hits
