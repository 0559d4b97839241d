"""The tray on a real (virtual) desktop, observed from the outside.

Xvfb + trayer + a private D-Bus bus with a recording notification service + pystray's GTK
backend + a loopback status server whose answers change while the app runs.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.app_runner import close_windows, start_app, window_running
from tests.e2e.desktop_session import DesktopSession, dominant_state_colour, pixels
from tests.statusserver import StatusServer, wait_for

pytestmark = pytest.mark.desktop

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SUMMARY = "/api/v2/summary.json"


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[DesktopSession]:
    with DesktopSession(tmp_path) as session:
        yield session


def icon_colour(desktop: DesktopSession, tmp_path: Path) -> str | None:
    where = desktop.icon_window("ai-status-tray")
    if where is None:
        return None
    x, y, w, h = where
    return dominant_state_colour(desktop.screenshot(tmp_path / "screen.png"), (x, y, x + w, y + h))


def test_icon_menu_notifications_details_and_quit(desktop: DesktopSession, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start_app(desktop, tmp_path, server.url)
        try:
            # The icon docks in the tray and turns green.
            assert wait_for(lambda: icon_colour(desktop, tmp_path) == "green", 20), "never green"

            # Outage: red, and one notification naming the provider and how bad it is.
            server.set_fixture(SUMMARY, "statuspage/outage.json")
            assert wait_for(lambda: icon_colour(desktop, tmp_path) == "red", 15), "never red"
            assert wait_for(lambda: len(desktop.notifications()) >= 1, 15)
            outage = desktop.notifications()[0]
            assert outage["summary"] == "Claude: major outage"
            assert "Claude API unavailable" in outage["body"]
            assert outage["app_name"] == "AI Status Tray"

            # Recovery: green again, one notification with the outage's duration.
            server.set_fixture(SUMMARY, "statuspage/healthy.json")
            assert wait_for(lambda: icon_colour(desktop, tmp_path) == "green", 15), (
                "never green again"
            )
            assert wait_for(lambda: len(desktop.notifications()) >= 2, 15)
            time.sleep(4)  # several more polls: nothing else may arrive
            notes = desktop.notifications()
            assert len(notes) == 2, notes
            assert re.fullmatch(
                r"Claude is back — down (under a minute|\d+ min)", notes[1]["summary"]
            )

            # Right click opens the menu.
            x, y, w, h = desktop.icon_window("ai-status-tray") or (0, 0, 0, 0)
            before = desktop.screenshot(tmp_path / "before-menu.png")
            desktop.click(x + w // 2, y + h // 2, 3)
            time.sleep(1.0)
            menu = desktop.screenshot(ARTIFACTS / "tray-menu.png")
            below_icon = (0, 34, 400, 400)
            changed = sum(
                1
                for a, b in zip(
                    pixels(before.crop(below_icon)), pixels(menu.crop(below_icon)), strict=True
                )
                if a != b
            )
            assert changed > 5000, "no menu appeared under the icon"
            time.sleep(3)  # three unchanged polls: the open menu is left alone
            still = desktop.screenshot(tmp_path / "still-menu.png")
            moved = sum(
                1
                for a, b in zip(
                    pixels(menu.crop(below_icon)), pixels(still.crop(below_icon)), strict=True
                )
                if a != b
            )
            assert moved < 500, "the open menu closed or was rebuilt"
            desktop.key("Escape")
            time.sleep(0.5)

            # Left click opens the details window (its content: tests/e2e/test_details_window.py).
            desktop.click(x + w // 2, y + h // 2, 1)
            assert wait_for(lambda: desktop.windows("^AI Status Tray$"), 30), "no details window"
            close_windows(desktop.env)
            assert wait_for(lambda: not window_running(desktop.env), 20)
            assert wait_for(lambda: not desktop.windows("^AI Status Tray$"), 20)  # off the tray

            # Middle click: the details window too.
            desktop.click(x + w // 2, y + h // 2, 2)
            assert wait_for(lambda: desktop.windows("^AI Status Tray$"), 30), "no details window"
            close_windows(desktop.env)
            assert wait_for(lambda: not desktop.windows("^AI Status Tray$"), 20)  # off the tray

            # Quit from the menu: right click, last item.
            desktop.click(x + w // 2, y + h // 2, 3)
            time.sleep(1.0)
            desktop.key("Up", "Return")
            assert app.wait(timeout=10) == 0
        finally:
            if app.poll() is None:
                app.kill()
            _, err = app.communicate(timeout=5)
        assert "Traceback" not in err, err


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signals_end_the_app_cleanly(
    desktop: DesktopSession, tmp_path: Path, sig: signal.Signals
) -> None:
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start_app(desktop, tmp_path, server.url)
        try:
            assert wait_for(lambda: icon_colour(desktop, tmp_path) == "green", 20)
            started = time.monotonic()
            app.send_signal(sig)
            assert app.wait(timeout=10) == 0
            elapsed = time.monotonic() - started
        finally:
            if app.poll() is None:
                app.kill()
            _, err = app.communicate(timeout=5)
        assert "Traceback" not in err, err
        assert desktop.icon_window("ai-status-tray") is None, "the icon stayed in the tray"
        print(f"exit after {sig.name}: {elapsed:.2f} s")


def test_second_instance_says_so_and_exits_0(desktop: DesktopSession, tmp_path: Path) -> None:
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        first = start_app(desktop, tmp_path, server.url)
        try:
            assert wait_for(lambda: icon_colour(desktop, tmp_path) == "green", 20)
            second = start_app_again(desktop, tmp_path, first)
            out, _ = second.communicate(timeout=20)
            assert second.returncode == 0
            assert "AI Status Tray is already running." in out
        finally:
            first.terminate()
            first.wait(timeout=10)


def start_app_again(
    desktop: DesktopSession, tmp_path: Path, first: subprocess.Popen[str]
) -> subprocess.Popen[str]:
    argv = first.args
    assert isinstance(argv, list)
    home = tmp_path / "home"
    env = {
        **os.environ,
        **desktop.env,
        "XDG_RUNTIME_DIR": str(home / "run"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    return subprocess.Popen(
        [str(a) for a in argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
