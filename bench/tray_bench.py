"""Tray figures on a virtual desktop (Xvfb + trayer + private D-Bus, as the desktop tests use):

- start to icon visible (docked in the tray), median of 5 starts;
- idle CPU with 15 providers at a 60 s interval, over a few minutes;
- RSS of the running tray over 1,000 icon/menu updates through the real hand-over.

Run by hand: ``.venv/bin/python -m bench.tray_bench [--idle-seconds 180]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.e2e.desktop_session import DesktopSession
from tests.statusserver import Route, StatusServer, fixture, wait_for

CLK_TCK = os.sysconf("SC_CLK_TCK")


def write_config(path: Path, url: str, count: int, interval: float) -> Path:
    lines = [f"poll_interval = {interval}", "[catalogue]", "enabled = []"]
    for i in range(count):
        lines += [
            "[[providers]]",
            f'id = "p{i}"',
            f'name = "Provider {i}"',
            'type = "statuspage"',
            f'url = "{url}/p{i}"',
        ]
    path.write_text("\n".join(lines) + "\n")
    return path


def app_env(desktop: DesktopSession, home: Path) -> dict[str, str]:
    (home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    return {
        **os.environ,
        **desktop.env,
        "PYSTRAY_BACKEND": "gtk",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_RUNTIME_DIR": str(home / "run"),
    }


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_times(desktop: DesktopSession, tmp: Path, url: str, runs: int = 5) -> list[float]:
    times = []
    config = write_config(tmp / "start.toml", url, 4, 60)
    for run in range(runs):
        env = app_env(desktop, tmp / f"home-start-{run}")
        started = time.monotonic()
        app = subprocess.Popen(
            [sys.executable, "-m", "trayapp", "--config", str(config)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda: desktop.icon_window("ai-status-tray") is not None, 20, 0.01)
        times.append(time.monotonic() - started)
        app.terminate()
        app.wait(timeout=10)
        wait_for(lambda: desktop.icon_window("ai-status-tray") is None, 5, 0.05)
    return times


def idle_cpu(
    desktop: DesktopSession, tmp: Path, url: str, seconds: float
) -> tuple[float, float, float]:
    config = write_config(tmp / "idle.toml", url, 15, 60)
    app = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "--config", str(config)],
        env=app_env(desktop, tmp / "home-idle"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: desktop.icon_window("ai-status-tray") is not None, 20)
        time.sleep(5)  # past start-up and the first poll
        cpu0, t0 = cpu_seconds(app.pid), time.monotonic()
        time.sleep(seconds)
        cpu1, t1 = cpu_seconds(app.pid), time.monotonic()
        return 100 * (cpu1 - cpu0) / (t1 - t0), rss_mib(app.pid), t1 - t0
    finally:
        app.terminate()
        app.wait(timeout=10)


UPDATE_DRIVER = r"""
import sys, threading, time
from datetime import UTC, datetime
from pathlib import Path
from trayapp.core.aggregate import build_snapshot
from trayapp.settings.catalogue import load_catalogue
from trayapp.settings.config import parse
from trayapp.core.model import ProviderStatus, State
from trayapp.desktop.tray import TrayApp

config = parse(Path(sys.argv[1]).read_text(), load_catalogue())
app = TrayApp(config)
app.poller.start = lambda: None  # updates come from the driver below, through the same hand-over
cycle = [State.OPERATIONAL, State.DEGRADED, State.MAJOR_OUTAGE, State.UNKNOWN]

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

def drive():
    while app.icon is None or not app.icon.visible:
        time.sleep(0.05)
    time.sleep(1)
    for i in range(1001):
        now = datetime.now(UTC)
        providers = [ProviderStatus(id=s.id, name=s.name, state=cycle[(i + n) % 4], checked_at=now,
                                    status_page=s.url) for n, s in enumerate(config.providers)]
        app.publish(build_snapshot(providers, now), False)
        time.sleep(0.01)
        if i % 100 == 0:
            time.sleep(0.3)  # let GTK drain its queue before sampling
            print(f"{i} {rss():.1f}", flush=True)
    app.stop()

threading.Thread(target=drive, daemon=True).start()
app.run()
"""


def update_rss(desktop: DesktopSession, tmp: Path, url: str) -> list[tuple[int, float]]:
    config = write_config(tmp / "updates.toml", url, 15, 60)
    out = subprocess.run(
        [sys.executable, "-c", UPDATE_DRIVER, str(config)],
        env=app_env(desktop, tmp / "home-upd"),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    return [(int(a), float(b)) for a, b in (line.split() for line in out.splitlines())]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle-seconds", type=float, default=180)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as name,
        DesktopSession(Path(name)) as desktop,
        StatusServer() as server,
    ):
        tmp = Path(name)
        server.fallback = Route(body=fixture("statuspage/healthy.json"))
        times = start_times(desktop, tmp, server.url)
        print(
            f"start to icon docked: median {statistics.median(times) * 1000:.0f} ms "
            f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)} ms)"
        )
        samples = update_rss(desktop, tmp, server.url)
        values = [mib for _, mib in samples]
        print(
            "RSS over 1,000 icon/menu updates: "
            + ", ".join(f"{i}: {mib:.1f}" for i, mib in samples)
            + " MiB"
        )
        print(f"  spread after the first 100 updates: {max(values[1:]) - min(values[1:]):.1f} MiB")
        cpu, rss, span = idle_cpu(desktop, tmp, server.url, args.idle_seconds)
        print(
            f"idle CPU, 15 providers at 60 s: {cpu:.2f} % of a core over {span:.0f} s; RSS {rss:.1f} MiB"
        )


if __name__ == "__main__":
    main()
