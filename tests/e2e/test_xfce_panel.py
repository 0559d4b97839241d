"""The default path users get (no PYSTRAY_BACKEND) on xfce4-panel 4.18, whose systray plugin hosts
StatusNotifierItems: the app's item and menu as the panel reads them over D-Bus, its pixels in the
panel, clicks, and a churn run in which the panel's plugin must not crash."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.app_runner import SUMMARY, close_windows, start_app, stop, window_running
from tests.e2e.desktop_session import DesktopSession, dominant_state_colour, pixels
from tests.e2e.sni_probe import SignalCounter, SniProbe, find, labels
from tests.e2e.xfce import PANEL_HEIGHT
from tests.statusserver import StatusServer, wait_for

pytestmark = pytest.mark.desktop


@pytest.fixture
def xfce(tmp_path: Path) -> Iterator[DesktopSession]:
    with DesktopSession(tmp_path, host="xfce") as session:
        yield session


def panel_colour(desktop: DesktopSession, tmp_path: Path) -> str | None:
    shot = desktop.screenshot(tmp_path / "panel.png")
    return dominant_state_colour(shot, (0, 0, shot.width, PANEL_HEIGHT))


def icon_position(desktop: DesktopSession, tmp_path: Path) -> tuple[int, int]:
    """The middle of the coloured icon in the panel strip."""
    shot = desktop.screenshot(tmp_path / "panel.png").crop((0, 0, 640, PANEL_HEIGHT))
    data = shot.tobytes()
    xs = [
        (i // 3) % shot.width
        for i in range(0, len(data), 3)
        if max(data[i : i + 3]) - min(data[i : i + 3]) > 80  # saturated: the icon, not the panel
    ]
    assert xs, "no coloured icon in the panel"
    return (min(xs) + max(xs)) // 2, PANEL_HEIGHT // 2


def test_default_backend_on_xfce_item_menu_pixels_and_clicks(
    xfce: DesktopSession, tmp_path: Path
) -> None:
    monitor = SignalCounter(xfce.full_env(), tmp_path / "signals.txt")
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start_app(xfce, tmp_path, server.url, backend=None)
        probe = SniProbe(xfce.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            assert wait_for(probe.is_registered, 20), probe.registered()
            assert wait_for(lambda: panel_colour(xfce, tmp_path) == "green", 20)

            # What the panel reads: the summary as title, tooltip and accessible description;
            # left click is ours (not a menu), the menu is a dbusmenu.
            props = probe.item_properties()
            assert str(props["Title"]) == "Claude: operational"
            assert str(props["ToolTip"][3]) == "Claude: operational"
            assert str(props["IconAccessibleDesc"]) == "Claude: operational"
            assert bool(props["ItemIsMenu"]) is False
            sizes = sorted(int(w) for w, _h, _data in props["IconPixmap"])
            assert 22 in sizes and 64 in sizes

            revision, root = probe.layout()
            top = labels(root)
            assert top[0] == "Show details…"
            assert top[1].startswith("Operational — checked ")
            assert "✔ Claude — operational" in top and top[-1] == "Quit"
            claude = find(root, "✔ Claude")
            assert claude is not None and claude["children-display"] == "submenu"
            assert "Open status page" in labels(claude)

            # Many unchanged polls (1 s interval): the layout revision does not move and no
            # LayoutUpdated is sent.
            layouts_before = monitor.count("LayoutUpdated")
            time.sleep(8)
            assert probe.layout()[0] == revision
            assert monitor.count("LayoutUpdated") == layouts_before

            # Outage: red in the panel; the provider's row changes in place (same tree).
            server.set_fixture(SUMMARY, "statuspage/outage.json")
            assert wait_for(lambda: panel_colour(xfce, tmp_path) == "red", 20)
            assert wait_for(lambda: find(probe.layout()[1], "✖ Claude") is not None, 10)
            assert str(probe.item_properties()["Title"]) == "Claude: major outage"

            # A real left click (the panel calls Activate) and middle click (SecondaryActivate)
            # open the details window; hovering shows the summary as a tooltip.
            x, y = icon_position(xfce, tmp_path)
            xfce.click(x, y, 1)
            assert wait_for(lambda: xfce.windows("^AI Status Tray$"), 30), "left click: no window"
            close_windows(xfce.env)
            assert wait_for(lambda: not window_running(xfce.env), 20)
            assert wait_for(lambda: not xfce.windows("^AI Status Tray$"), 20)  # off the panel
            xfce.click(x, y, 2)
            assert wait_for(lambda: xfce.windows("^AI Status Tray$"), 30), "middle click: none"
            close_windows(xfce.env)
            assert wait_for(lambda: not window_running(xfce.env), 20)
            below = (0, PANEL_HEIGHT + 2, 400, 200)
            quiet = pixels(xfce.screenshot(tmp_path / "quiet.png").crop(below))
            xfce.run("xdotool", "mousemove", str(x + 1), str(y))
            assert wait_for(
                lambda: (
                    sum(
                        a != b
                        for a, b in zip(
                            quiet,
                            pixels(xfce.screenshot(tmp_path / "hover.png").crop(below)),
                            strict=True,
                        )
                    )
                    > 300
                ),
                10,
            ), "no tooltip on hover"

            # A click on a menu item reaches the app: "Quit".
            _, root = probe.layout()
            quit_item = next(c for c in root["children"] if c.get("label") == "Quit")
            probe.click(quit_item["id"])
            assert app.wait(timeout=10) == 0
        finally:
            probe.close()
            monitor.close()
            err = stop(app)
    assert "Traceback" not in err, err
    assert xfce.panel.crashes() == []


@pytest.mark.parametrize(
    ("backend", "sig"),
    [(None, signal.SIGTERM), (None, signal.SIGINT), ("appindicator", signal.SIGTERM)],
)
def test_signals_end_the_app_cleanly_on_sni_paths(
    xfce: DesktopSession, tmp_path: Path, backend: str | None, sig: signal.Signals
) -> None:
    """Toolkits start threads of their own (pystray's AppIndicator starts GTK's): SIGTERM must
    still reach the app's clean-up (exit 0, item gone from the panel), not kill it on one of
    those threads."""
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start_app(xfce, tmp_path, server.url, backend=backend)
        probe = SniProbe(xfce.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            # Any item on the watcher: ours, or pystray's AppIndicator (another object path).
            assert wait_for(probe.registered, 20)
            assert wait_for(lambda: panel_colour(xfce, tmp_path) == "green", 20)
            app.send_signal(sig)
            assert app.wait(timeout=10) == 0
            assert wait_for(lambda: not probe.registered(), 10), "the item stayed registered"
        finally:
            probe.close()
            err = stop(app)
    assert "Traceback" not in err, err
    log = tmp_path / "home" / "state" / "ai-status-tray" / "log" / "ai-status-tray.log"
    assert f"received {sig.name}" in log.read_text()
