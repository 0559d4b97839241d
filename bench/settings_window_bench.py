"""Settings window figures on a virtual desktop (Xvfb, xfce4-panel, a private D-Bus bus, the
AT-SPI bus: as the tests run it), the app from a venv holding only its runtime dependencies:

- time to open, from ``ai-status-tray settings`` to the window on screen: cold (no window
  process running: a new one loads GTK 4 and libadwaita) and warm (the windows' process
  already shows the About window: the command hands over to it over D-Bus), medians;
- how soon the running tray's menu follows a change made in the window: from the switch
  turned off (through AT-SPI, as a screen reader does) to the tray's exported menu (read over
  D-Bus, as the panel reads it) without that provider, median of several switches;
- memory (private dirty and RSS): the tray with no window, with the settings window open and
  after closing it, and the window's own process, open.

Run by hand: ``.venv/bin/python -m bench.settings_window_bench [--runs 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.runtime_venv import runtime_venv
from bench.soak_bench import describe, figures
from bench.tray_bench import write_config
from tests.e2e.app_runner import app_env, close_windows, window_running
from tests.e2e.atspi import Accessibility, Node, a11y_env
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.sni_probe import SniProbe, labels
from tests.statusserver import StatusServer, wait_for

TITLE = "AI Status Tray settings"
APP = "ai-status-tray"
PROVIDERS = 4


def window_shown(env: dict[str, str], title: str = TITLE) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
        env=env,
        capture_output=True,
        text=True,
    )
    return bool(found.stdout.split())


def open_time(command: list[str], env: dict[str, str]) -> float:
    """Seconds from the command to the settings window on screen."""
    started = time.monotonic()
    subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert wait_for(lambda: window_shown(env), 60, 0.02), "the window did not show"
    return time.monotonic() - started


def close_all(env: dict[str, str]) -> None:
    """Every window closes, and the windows' process with it (Ctrl+Q's action)."""
    close_windows(env)
    assert wait_for(lambda: not window_running(env), 30, 0.05)


def close_settings(a11y: Accessibility, env: dict[str, str]) -> None:
    """The settings window's own Close button (the About window stays open)."""
    tree = a11y.tree(APP)
    closes: list[tuple[str, Node]] = []
    for frame in tree.children:
        closes += [(frame.name, n) for n in frame.find_all(role="push button", name="Close")]
    nth = next(i for i, (frame, _n) in enumerate(closes) if frame == TITLE)
    a11y.click(APP, "Close", nth=nth)
    assert wait_for(lambda: not window_shown(env), 30, 0.05)


def menu(probe: SniProbe) -> list[str]:
    try:
        return labels(probe.layout()[1])
    except Exception:  # between two layouts
        return []


def median(values: list[float]) -> str:
    return (
        f"{statistics.median(values):.2f} s (of {len(values)}: {min(values):.2f}-{max(values):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        venv_bin = runtime_venv(tmp / "venv")
        (tmp / "desk").mkdir()
        with (
            DesktopSession(tmp / "desk", host="xfce") as desktop,
            StatusServer() as server,
            Accessibility(desktop) as a11y,
        ):
            for i in range(PROVIDERS):
                server.set_fixture(f"/p{i}/api/v2/summary.json", "statuspage/healthy.json")
            config = write_config(tmp / "config.toml", server.url, PROVIDERS, 60)
            env = {**app_env(desktop, tmp), **a11y_env()}
            app = str(venv_bin / "ai-status-tray")
            settings = [app, "settings", "--config", str(config)]
            tray = subprocess.Popen(
                [app, "--config", str(config)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd="/",
            )
            probe = SniProbe(env["DBUS_SESSION_BUS_ADDRESS"], tray.pid)
            try:
                assert wait_for(lambda: "✔ Provider 0 — operational" in menu(probe), 60)
                time.sleep(10)  # past start-up, the first polls and the history read
                idle = figures(tray.pid)

                cold = []
                for _ in range(args.runs):
                    cold.append(open_time(settings, env))
                    close_all(env)

                # Warm: the windows' process already shows the About window.
                subprocess.Popen([app, "about", "--config", str(config)], env=env)
                assert wait_for(lambda: window_running(env), 60)
                time.sleep(3)  # the About window drawn
                warm = []
                for _ in range(args.runs):
                    warm.append(open_time(settings, env))
                    close_settings(a11y, env)
                close_all(env)

                # The tray's menu following the window: a provider switched off, then on.
                open_time(settings, env)
                time.sleep(3)  # drawn and settled
                opened = figures(tray.pid)
                own = figures(a11y.tree(APP).pid or 0)
                follows = []
                for n in range(args.runs):
                    entry = f"✔ Provider {n % PROVIDERS} — operational"
                    switch = f"Watch Provider {n % PROVIDERS}"
                    for on in (False, True):
                        found = a11y.tree(APP).find(role="check box", name=switch)
                        assert found is not None, switch
                        started = time.monotonic()
                        a11y.act(APP, switch, role="check box", action=found.actions[0])
                        shown = lambda entry=entry, on=on: (entry in menu(probe)) == on  # noqa: E731
                        assert wait_for(shown, 30, 0.01)
                        if not on:
                            follows.append(time.monotonic() - started)
                        time.sleep(2.5)  # the next change is a new one for the file watcher
                close_all(env)
                time.sleep(10)
                after = figures(tray.pid)
            finally:
                probe.close()
                tray.terminate()
                tray.wait(timeout=20)

    print(f"open, cold (a new window process):      {median(cold)}")
    print(f"open, warm (the process runs About):     {median(warm)}")
    print(f"menu follows a switch in the window:    {median(follows)}")
    print(f"tray, no window:                         {describe(idle)}")
    print(f"tray, settings window open:              {describe(opened)}")
    print(f"tray, after closing it:                  {describe(after)}")
    print(f"the window's own process, open:          {describe(own)}")


if __name__ == "__main__":
    main()
