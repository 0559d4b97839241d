"""Every controller event runs on the UI thread: the GLib hand-over, and the serial fallback."""

from __future__ import annotations

import functools
import threading

import pytest

from trayapp.desktop.uithread import GLibUiThread, SerialUiThread, for_icon


def fail() -> None:
    raise ZeroDivisionError("a bug in a view")


def test_glib_hand_over_runs_jobs_on_the_main_loop_thread_in_order():
    from gi.repository import GLib

    context = GLib.MainContext.default()
    loop = GLib.MainLoop.new(context, False)
    ui_thread = threading.Thread(target=loop.run, name="ui", daemon=True)
    ui_thread.start()
    seen: list[tuple[int, str]] = []
    done = threading.Event()
    try:
        ui = GLibUiThread()

        def record(n: int) -> None:
            seen.append((n, threading.current_thread().name))

        for n in range(5):
            ui.call(functools.partial(record, n))
        ui.call(fail)  # a failing job is logged; the loop goes on
        ui.call(done.set)
        assert done.wait(5)
    finally:
        loop.quit()
        ui_thread.join(5)
    assert seen == [(n, "ui") for n in range(5)]


def test_serial_fallback_runs_one_job_at_a_time_and_survives_errors(
    caplog: pytest.LogCaptureFixture,
):
    ui = SerialUiThread()
    inside = 0
    overlaps = 0

    def job() -> None:
        nonlocal inside, overlaps
        inside += 1
        overlaps += inside > 1
        inside -= 1

    def hammer() -> None:
        for _ in range(200):
            ui.call(job)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ui.call(fail)
    assert overlaps == 0
    assert "a UI update failed" in caplog.text


def test_the_hand_over_follows_the_backend():
    class _Gtk:
        pass

    _Gtk.__module__ = "pystray._gtk"

    class _Xorg:
        pass

    _Xorg.__module__ = "pystray._xorg"
    assert isinstance(for_icon(_Gtk()), GLibUiThread)
    assert isinstance(for_icon(_Xorg()), SerialUiThread)
