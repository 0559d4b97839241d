"""One check for every way the app is installed: on the virtual desktop, with the tray backend
users get by default (no PYSTRAY_BACKEND), the icon docks, turns red on an outage, sends a
notification, opens its menu on a right click and quits from it; the self-check stays quiet."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from tests.e2e.desktop_session import DesktopSession, dominant_state_colour, pixels
from tests.packaging.artefacts import SUMMARY, private_env, write_config
from tests.statusserver import StatusServer, wait_for


def assert_tray_works(command: list[str], tmp_path: Path) -> None:
    with DesktopSession(tmp_path) as desktop, StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        config = write_config(tmp_path / "config.toml", server.url, interval=1)
        app = subprocess.Popen(
            [*command, "--config", str(config)],
            env=private_env(tmp_path / "home", **desktop.env),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            _watch(desktop, server, app, tmp_path)
        finally:
            if app.poll() is None:
                # SIGTERM: the binary's unpacker passes it on and deletes its /tmp/_MEI* copy once
                # the app has quit; SIGKILL (kill()) would leave it behind and the app running.
                app.terminate()
            try:
                _, err = app.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
                _, err = app.communicate(timeout=10)
    assert "Traceback" not in err, err
    assert "AI Status Tray:" not in err, err  # the self-check found nothing to complain about


def _watch(
    desktop: DesktopSession, server: StatusServer, app: subprocess.Popen[str], tmp_path: Path
) -> None:
    def colour() -> str | None:
        x, y, w, h = desktop.icon_window("ai-status-tray") or (0, 0, 1, 1)
        shot = desktop.screenshot(tmp_path / "screen.png")
        return dominant_state_colour(shot, (x, y, x + w, y + h))

    assert wait_for(lambda: desktop.icon_window("ai-status-tray") is not None, 30), "never docked"
    assert wait_for(lambda: colour() == "green", 20), "never green"
    server.set_fixture(SUMMARY, "statuspage/outage.json")
    assert wait_for(lambda: colour() == "red", 20), "never red"
    assert wait_for(lambda: len(desktop.notifications()) >= 1, 20), "no notification"
    note = desktop.notifications()[0]
    assert (note["summary"], note["app_name"]) == ("Claude: major outage", "AI Status Tray")

    x, y, w, h = desktop.icon_window("ai-status-tray") or (0, 0, 0, 0)
    before = desktop.screenshot(tmp_path / "before.png")
    desktop.click(x + w // 2, y + h // 2, 3)
    time.sleep(1.0)
    menu = desktop.screenshot(tmp_path / "menu.png")
    below = (0, 34, 400, 400)
    changed = sum(
        1
        for a, b in zip(pixels(before.crop(below)), pixels(menu.crop(below)), strict=True)
        if a != b
    )
    assert changed > 5000, "no menu appeared under the icon"
    desktop.key("Up", "Return")  # the last item: Quit
    assert app.wait(timeout=15) == 0
