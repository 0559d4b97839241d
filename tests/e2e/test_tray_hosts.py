"""Never failing invisibly: no tray host at all (the user is told, once, and the icon appears
when a tray starts), and a notification service that fails to start (the icon still docks)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.app_runner import SUMMARY, start_app, stop
from tests.e2e.desktop_session import DesktopSession
from tests.statusserver import StatusServer, wait_for
from trayapp.desktop.hosts import xembed_tray_present

pytestmark = pytest.mark.desktop

NO_TRAY = (
    "No system tray found — on GNOME install the AppIndicator extension; showing notifications only"
)


def test_no_tray_host_says_so_once_then_the_icon_appears_when_a_tray_starts(
    tmp_path: Path,
) -> None:
    with DesktopSession(tmp_path, host=None) as desktop, StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start_app(desktop, tmp_path, server.url, backend=None)
        try:
            assert wait_for(lambda: len(desktop.notifications()) >= 1, 20)
            note = desktop.notifications()[0]
            assert (note["summary"], note["body"]) == ("AI Status Tray", NO_TRAY)
            time.sleep(3)  # several polls: still polling, nothing repeated
            assert len(desktop.notifications()) == 1
            assert desktop.icon_colour() is None  # nowhere to dock

            desktop.start_host("trayer")
            assert wait_for(lambda: desktop.icon_colour() == "green", 20), "never docked"
            server.set_fixture(SUMMARY, "statuspage/outage.json")
            assert wait_for(lambda: desktop.icon_colour() == "red", 20), "not polling"
        finally:
            err = stop(app)
    assert f"AI Status Tray: {NO_TRAY}" in err.splitlines()
    assert "Traceback" not in err, err


@pytest.mark.parametrize("host", ["trayer", "xfce"])
def test_a_notification_service_that_fails_to_start_leaves_the_icon_docked(
    tmp_path: Path, host: str
) -> None:
    with (
        DesktopSession(tmp_path, host=host, notifications="broken") as desktop,
        StatusServer() as server,
    ):
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start_app(desktop, tmp_path, server.url, backend=None)
        try:
            if host == "trayer":
                assert wait_for(lambda: desktop.icon_colour() == "green", 20), "never docked"
            else:
                assert wait_for(lambda: desktop.panel_colour() == "green", 20), "never docked"
            server.set_fixture(SUMMARY, "statuspage/outage.json")  # a notification fails
            time.sleep(5)
            assert app.poll() is None, "the app ended"
        finally:
            err = stop(app)
        log = (tmp_path / "home/state/ai-status-tray/log/ai-status-tray.log").read_text()
    assert log.count("notification not shown") == 1, log
    assert "Traceback" not in err, err


def test_an_xembed_tray_is_seen_on_the_display_and_only_when_it_runs(tmp_path: Path) -> None:
    with DesktopSession(tmp_path, host=None, notifications=None) as desktop:
        display = desktop.env["DISPLAY"]
        assert not xembed_tray_present(display)
        desktop.start_host("trayer")
        assert wait_for(lambda: xembed_tray_present(display), 10)
    assert not xembed_tray_present(":987")  # no such display: no tray, no crash
