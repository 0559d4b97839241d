"""The details window's figures, on a virtual desktop (Xvfb + trayer + private D-Bus):

1. time to open it from a click on the tray icon: cold (no window process: a new one starts)
   and warm (the window is open behind another one: the click raises it, no new process);
   also ``ai-status-tray details`` run while it is open (a second process hands over to the
   first and exits). Medians of 5. Measured to the window mapped (cold) or focused (warm).
2. the tray's memory with no window, with the window open, and after closing it (the window
   is its own process: its own figures are given too). The app runs from a virtualenv holding
   only its runtime dependencies, as pipx installs it.

Run by hand: ``.venv/bin/python -m bench.window_bench [--runs 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.runtime_venv import runtime_venv
from bench.soak_bench import describe, figures
from bench.tray_soak_bench import serve, stop
from tests.e2e.app_runner import app_env, write_config
from tests.e2e.desktop_session import DesktopSession
from tests.statusserver import wait_for

TITLE = "AI Status Tray"


class Screen:
    """Asks the X server directly (python-xlib): polling every 10 ms costs no process spawns."""

    def __init__(self, name: str) -> None:
        from Xlib import display

        self.display = display.Display(name)

    def window(self) -> int | None:
        """The details window, once it is mapped (the largest: a tooltip carries its title)."""
        root = self.display.screen().root
        found = []
        for child in root.query_tree().children:
            try:
                if child.get_wm_name() == TITLE and child.get_attributes().map_state:
                    geometry = child.get_geometry()
                    found.append((geometry.width * geometry.height, int(child.id)))
            except Exception:
                continue  # gone meanwhile
        return max(found)[1] if found else None

    def focus(self) -> int:
        return int(self.display.get_input_focus().focus.id)


def timed(action: Callable[[], object], done: Callable[[], object], limit: float = 60) -> float:
    started = time.monotonic()
    action_result = action()
    while not done():
        if time.monotonic() - started > limit:
            raise TimeoutError(f"the window did not show: {action_result}")
        time.sleep(0.01)
    return time.monotonic() - started


def click_icon(desktop: DesktopSession) -> None:
    where = desktop.icon_window("ai-status-tray")
    assert where is not None, "the icon is not docked"
    x, y, w, h = where
    desktop.click(x + w // 2, y + h // 2, 1)
    desktop.run("xdotool", "mousemove", "799", "799")  # off the window: no tooltip


def window_pid(desktop: DesktopSession, window: int) -> int:
    return int(desktop.run("xdotool", "getwindowpid", str(window)).strip())


def close(desktop: DesktopSession, screen: Screen) -> None:
    window = screen.window()
    if window is None:
        return
    pid = window_pid(desktop, window)
    desktop.run("xdotool", "windowclose", str(window))
    wait_for(lambda: not Path(f"/proc/{pid}").exists(), 20)


def cover(desktop: DesktopSession) -> tuple[subprocess.Popen[str], int]:
    """Another window on top, focused: the one the details window must come back over."""
    other = subprocess.Popen(
        ["xmessage", "-geometry", "800x800+0+0", "in front"], env=desktop.full_env(), text=True
    )
    found = wait_for(lambda: desktop.windows("^xmessage$"), 10)
    return other, int(found[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--renderer", help="GSK_RENDERER for the window (default: the app's)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        venv_bin = runtime_venv(tmp / "venv")
        (tmp / "desk").mkdir()
        with DesktopSession(tmp / "desk", screen="800x800") as desktop:
            server, url = serve(rotating=False)
            config = write_config(tmp, url, interval=60)
            env = app_env(desktop, tmp)
            if args.renderer:
                env["GSK_RENDERER"] = args.renderer
            tray = subprocess.Popen(
                [str(venv_bin / "ai-status-tray"), "--config", str(config)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd="/",
            )
            screen = Screen(desktop.env["DISPLAY"])
            try:
                assert wait_for(lambda: desktop.icon_window("ai-status-tray") is not None, 30)
                time.sleep(10)  # past start-up and the first poll
                idle = figures(tray.pid)

                cold = []
                for _ in range(args.runs):
                    cold.append(timed(lambda: click_icon(desktop), screen.window))
                    time.sleep(2)  # drawn, the view received
                    opened = figures(tray.pid)
                    window = screen.window()
                    assert window is not None
                    own = figures(window_pid(desktop, window))
                    close(desktop, screen)
                    time.sleep(1)

                warm, handed = [], []
                command = [str(venv_bin / "ai-status-tray"), "details", "--config", str(config)]
                timed(lambda: click_icon(desktop), screen.window)
                for _ in range(args.runs):
                    other, _id = cover(desktop)
                    warm.append(
                        timed(
                            lambda: click_icon(desktop), lambda: screen.focus() == screen.window()
                        )
                    )
                    other.terminate()
                    other.wait(timeout=10)
                    other, _id = cover(desktop)
                    handed.append(
                        timed(
                            lambda: subprocess.run(
                                command,
                                env=env,
                                check=True,
                                cwd="/",
                                capture_output=True,
                                text=True,
                            ),
                            lambda: screen.focus() == screen.window(),
                        )
                    )
                    other.terminate()
                    other.wait(timeout=10)
                close(desktop, screen)
                time.sleep(10)
                after = figures(tray.pid)
            finally:
                tray.terminate()
                tray.wait(timeout=10)
                stop(server)

    def median(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} s (of {len(values)}: {min(values):.2f}-{max(values):.2f})"

    print(f"open, cold (a new window process):       {median(cold)}")
    print(f"open, warm (the click raises it):         {median(warm)}")
    print(f"open, warm (`ai-status-tray details`):    {median(handed)}")
    print(f"tray, no window:                          {describe(idle)}")
    print(f"tray, window open:                        {describe(opened)}")
    print(f"tray, after closing it:                   {describe(after)}")
    print(f"the window's own process, open:           {describe(own)}")


if __name__ == "__main__":
    main()
