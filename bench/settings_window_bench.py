"""Settings window figures on a virtual desktop (Xvfb + trayer + private D-Bus, as the tests):

- time to open, from the command to the window on screen: cold (no window process running; a
  new process loads GTK 4 and libadwaita) and warm (the windows' process already runs, showing
  another window: the command hands over to it over D-Bus), median of 5 each;
- the tray's memory (RSS) with no window, with the settings window open, and after closing it,
  and the window process's own RSS.

Run by hand: ``.venv/bin/python -m bench.settings_window_bench``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.tray_bench import app_env, rss_mib, write_config
from tests.e2e.atspi import Accessibility, Node, a11y_env
from tests.e2e.desktop_session import DesktopSession
from tests.statusserver import StatusServer, wait_for

TITLE = "AI Status Tray settings"
APP = "ai-status-tray"
RUNS = 5


def window_shown(env: dict[str, str], title: str) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
        env=env,
        capture_output=True,
        text=True,
    )
    return bool(found.stdout.split())


def open_time(env: dict[str, str], config: Path, title: str = TITLE) -> tuple[float, int]:
    """Seconds from ``ai-status-tray settings`` to its window on screen, and the pid of the
    process that started (it ends at once when it handed over to a running one)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "settings", "--config", str(config)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert wait_for(lambda: window_shown(env, title), 60, 0.02), "the window did not show"
    return time.monotonic() - started, proc.pid


def close_windows(env: dict[str, str], pid_pattern: str = "trayapp (settings|about)") -> None:
    subprocess.run(["pkill", "-TERM", "-f", pid_pattern], env=env, check=False)
    assert wait_for(lambda: not window_shown(env, TITLE), 30, 0.05)


def close_through_atspi(a11y: Accessibility) -> None:
    """Click the settings window's own Close button (the About window stays open)."""
    tree = a11y.tree(APP)
    closes: list[tuple[str, Node]] = []
    for frame in tree.children:
        closes += [(frame.name, n) for n in frame.find_all(role="push button", name="Close")]
    nth = next(i for i, (frame, _n) in enumerate(closes) if frame == TITLE)
    a11y.click(APP, "Close", nth=nth)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "desktop").mkdir()
        with (
            DesktopSession(tmp / "desktop", host="trayer") as desktop,
            StatusServer() as server,
            Accessibility(desktop) as a11y,
        ):
            for i in range(4):
                server.set_fixture(f"/p{i}/api/v2/summary.json", "statuspage/healthy.json")
            config = write_config(tmp / "config.toml", server.url, 4, 60)
            env = {**app_env(desktop, tmp / "home"), **a11y_env()}
            tray = subprocess.Popen(
                [sys.executable, "-m", "trayapp", "--config", str(config)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                assert wait_for(lambda: desktop.icon_window("ai-status-tray") is not None, 30)
                time.sleep(10)  # the first polls and history read settle
                idle = rss_mib(tray.pid)

                cold = []
                for _ in range(RUNS):
                    seconds, _pid = open_time(env, config)
                    cold.append(seconds)
                    close_windows(env)

                # Warm: the windows' process already shows the About window.
                about = subprocess.Popen(
                    [sys.executable, "-m", "trayapp", "about", "--config", str(config)], env=env
                )
                time.sleep(3)
                warm = []
                for _ in range(RUNS):
                    seconds, _pid = open_time(env, config)
                    warm.append(seconds)
                    close_through_atspi(a11y)
                    assert wait_for(lambda: not window_shown(env, TITLE), 30, 0.05)
                close_windows(env)
                about.wait(timeout=30)

                seconds, _pid = open_time(env, config)
                time.sleep(3)
                window_pid = int(
                    subprocess.run(
                        ["pgrep", "-f", "trayapp settings"], capture_output=True, text=True
                    ).stdout.split()[0]
                )
                with_window = rss_mib(tray.pid)
                window_rss = rss_mib(window_pid)
                close_windows(env)
                time.sleep(3)
                after = rss_mib(tray.pid)
            finally:
                tray.terminate()
                tray.wait(timeout=20)

    print(
        f"open, cold (new process): median {statistics.median(cold):.2f} s  {[round(c, 2) for c in cold]}"
    )
    print(
        f"open, warm (process running): median {statistics.median(warm):.2f} s  {[round(w, 2) for w in warm]}"
    )
    print(
        f"tray RSS: no window {idle:.1f} MiB, window open {with_window:.1f} MiB, after closing {after:.1f} MiB"
    )
    print(f"settings window process RSS: {window_rss:.1f} MiB")


if __name__ == "__main__":
    main()
