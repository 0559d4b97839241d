"""Wayland: sway (headless) with waybar's tray, on the default path. The app registers its
StatusNotifierItem with waybar's watcher, its icon changes with the state in the bar, and the
dbusmenu waybar reads is right."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.app_runner import SUMMARY, close_windows, start_app, stop, window_running
from tests.e2e.desktop_session import dominant_state_colour
from tests.e2e.sni_probe import SniProbe, labels
from tests.e2e.test_tray_hosts import NO_TRAY
from tests.e2e.wayland import BAR_HEIGHT, SwaySession
from tests.statusserver import StatusServer, wait_for

pytestmark = pytest.mark.desktop


def bar_colour(sway: SwaySession, tmp_path: Path) -> str | None:
    shot = sway.screenshot(tmp_path / "bar.png")
    return dominant_state_colour(shot, (0, 0, shot.width, BAR_HEIGHT))


def bar_seen(sway: SwaySession, tmp_path: Path) -> str:
    """What the bar shows and what waybar said, for a failed wait."""
    log = sway.workdir / "waybar.log"
    said = log.read_text(errors="replace")[-1500:] if log.exists() else "(no waybar.log)"
    return f"the bar's colour: {bar_colour(sway, tmp_path)}; waybar said:\n{said}"


def test_waybar_shows_the_item_its_icon_changes_and_the_menu_is_right(tmp_path: Path) -> None:
    with SwaySession(tmp_path) as sway, StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start_app(sway, tmp_path, server.url, backend=None)
        probe = SniProbe(sway.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            assert wait_for(probe.is_registered, 20), probe.registered()
            assert wait_for(lambda: bar_colour(sway, tmp_path) == "green", 20), bar_seen(
                sway, tmp_path
            )
            server.set_fixture(SUMMARY, "statuspage/outage.json")
            assert wait_for(lambda: bar_colour(sway, tmp_path) == "red", 20), bar_seen(
                sway, tmp_path
            )

            _, root = probe.layout()
            top = labels(root)
            assert top[0] == "Show details…"
            assert top[1].startswith("Major outage — checked ")
            assert "✖ Claude — major outage" in top

            probe.call_item("Activate", 0, 0)  # waybar's left click: the details window
            assert wait_for(lambda: window_running(sway.env), 30), "no details window"
            close_windows(sway.env)
        finally:
            probe.close()
            err = stop(app)
    assert "Traceback" not in err, err


def test_wayland_without_a_tray_says_so_then_the_icon_appears_when_waybar_starts(
    tmp_path: Path,
) -> None:
    with SwaySession(tmp_path, bar=False) as sway, StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start_app(sway, tmp_path, server.url, backend=None)
        probe = SniProbe(sway.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            time.sleep(3)
            assert app.poll() is None
            sway.start_bar()
            assert wait_for(probe.is_registered, 20), probe.registered()
            assert wait_for(lambda: bar_colour(sway, tmp_path) == "green", 20), bar_seen(
                sway, tmp_path
            )
        finally:
            probe.close()
            err = stop(app)
    assert f"AI Status Tray: {NO_TRAY}" in err.splitlines()
    assert "Traceback" not in err, err
