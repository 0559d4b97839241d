"""Figures for the release artefacts (docs/performance.md, "Release artefacts"), the binary against the venv install:

- size of the single-file binary;
- start to icon docked, on Xvfb + trayer + a private D-Bus bus, with the default tray backend
  (what users get), median of 5 starts;
- wall time of the one-shot ``status --json`` against a loopback page, median of 5.

Build first (``scripts/package``), then run by hand:
``.venv/bin/python -m bench.package_bench [BINARY]``.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.e2e.desktop_session import DesktopSession
from tests.packaging.artefacts import ROOT, SUMMARY, private_env, project_version, write_config
from tests.statusserver import StatusServer, wait_for

RUNS = 5


def docked(desktop: DesktopSession) -> bool:
    try:
        return desktop.icon_window("ai-status-tray") is not None
    except subprocess.CalledProcessError:  # xwininfo raced a window being destroyed
        return False


def start_to_docked(command: list[str], desktop: DesktopSession, config: Path, home: Path) -> float:
    started = time.monotonic()
    app = subprocess.Popen(
        [*command, "--config", str(config)],
        env=private_env(home, **desktop.env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the binary is two processes (PyInstaller's unpacker + the app)
    )
    try:
        if not wait_for(lambda: docked(desktop), 30, 0.01):
            raise RuntimeError(f"{command[0]} never docked")
        return time.monotonic() - started
    finally:
        # SIGTERM, not SIGKILL: PyInstaller's unpacker passes it on to the app, waits for it to
        # quit, then deletes its /tmp/_MEI* copy (SIGKILL leaves ~70 MB behind every start).
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(app.pid, signal.SIGKILL)  # both processes; the next start must find no icon
            app.wait(timeout=10)
        if not wait_for(lambda: not docked(desktop), 10):
            raise RuntimeError("the icon stayed after the app was killed")


def status_wall_time(command: list[str], config: Path, home: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [*command, "status", "--json", "--config", str(config)],
        env=private_env(home),
        stdout=subprocess.DEVNULL,
        check=False,
        timeout=60,
    )
    return time.monotonic() - started


def main() -> None:
    default = ROOT / "dist" / f"ai-status-tray-{project_version()}-linux-x86_64"
    binary = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    installs = {"binary": [str(binary)], "venv": [str(ROOT / ".venv" / "bin" / "ai-status-tray")]}
    print(f"binary size: {binary.stat().st_size / 2**20:.1f} MiB")
    with tempfile.TemporaryDirectory() as tmp, StatusServer() as server:
        work = Path(tmp)
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        config = write_config(work / "config.toml", server.url)
        for name, command in installs.items():
            times = [status_wall_time(command, config, work / f"s-{name}-{i}") for i in range(RUNS)]
            print(
                f"status --json, {name}: median {statistics.median(times) * 1000:.0f} ms "
                f"({min(times) * 1000:.0f}-{max(times) * 1000:.0f})"
            )
        with DesktopSession(work) as desktop:
            for name, command in installs.items():
                times = [
                    start_to_docked(command, desktop, config, work / f"d-{name}-{i}")
                    for i in range(RUNS)
                ]
                print(
                    f"start to docked, {name}: median {statistics.median(times) * 1000:.0f} ms "
                    f"({min(times) * 1000:.0f}-{max(times) * 1000:.0f})"
                )


if __name__ == "__main__":
    main()
