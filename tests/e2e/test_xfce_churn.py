"""xfce4-panel's systray plugin under churn: the state flips every few seconds while the user
keeps opening the app's menu. Replacing menus this way crashed the plugin within a minute with
pystray's appindicator backend; the panel must survive it. A menu left open across polls in
which nothing changed stays open."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.e2e.app_runner import SUMMARY, start_app, stop
from tests.e2e.desktop_session import DesktopSession, pixels
from tests.e2e.sni_probe import SniProbe
from tests.e2e.test_xfce_panel import icon_position
from tests.e2e.xfce import PANEL_HEIGHT
from tests.statusserver import StatusServer, wait_for

pytestmark = pytest.mark.desktop

CHURN_SECONDS = float(os.environ.get("CHURN_SECONDS", "40"))
BELOW_PANEL = (0, PANEL_HEIGHT + 2, 400, 400)


def menu_pixels(desktop: DesktopSession, tmp_path: Path) -> list[tuple[int, int, int]]:
    return pixels(desktop.screenshot(tmp_path / "menu.png").crop(BELOW_PANEL))


def differing(a: list[tuple[int, int, int]], b: list[tuple[int, int, int]]) -> int:
    return sum(1 for p, q in zip(a, b, strict=True) if p != q)


def test_an_open_menu_stays_open_and_the_panel_survives_churn(tmp_path: Path) -> None:
    with DesktopSession(tmp_path, host="xfce") as desktop, StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start_app(desktop, tmp_path, server.url, backend=None)
        probe = SniProbe(desktop.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            assert wait_for(lambda: desktop.panel_colour() == "green", 20)
            plugins = desktop.panel.plugin_pids()
            assert plugins, "no systray plugin process"
            x, y = icon_position(desktop, tmp_path)

            # Right click opens the menu; it is still open after several unchanged polls.
            closed = menu_pixels(desktop, tmp_path)
            desktop.click(x, y, 3)
            assert wait_for(lambda: differing(closed, menu_pixels(desktop, tmp_path)) > 5000, 5)
            open_menu = menu_pixels(desktop, tmp_path)
            time.sleep(5)
            assert differing(open_menu, menu_pixels(desktop, tmp_path)) < 500, "menu closed"
            desktop.key("Escape")

            # Churn: a new state every 3 s, the menu opened every 2 s.
            fixtures = ["statuspage/outage.json", "statuspage/healthy.json"]
            started = time.monotonic()
            flips = 0
            while time.monotonic() - started < CHURN_SECONDS:
                server.set_fixture(SUMMARY, fixtures[flips % 2])
                flips += 1
                for _ in range(2):
                    desktop.click(x, y, 3)
                    time.sleep(1.0)
                    desktop.key("Escape")
                    time.sleep(0.5)
            assert app.poll() is None
            assert probe.is_registered()
        finally:
            probe.close()
            err = stop(app)
        crashes = desktop.panel.crashes()
        pids_after = desktop.panel.plugin_pids()
        panel_log = desktop.panel.log.read_text(errors="replace")
    print(f"churn: {flips} state changes in {CHURN_SECONDS:.0f} s")
    assert crashes == [], panel_log[-3000:]
    assert pids_after == plugins, "the systray plugin was restarted"
    assert "LIBDBUSMENU" not in panel_log, panel_log[-3000:]
    assert "Traceback" not in err, err
