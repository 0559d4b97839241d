"""The real tray on a virtual desktop (Xvfb + trayer + private D-Bus), two figures:

1. memory beside a bare pystray icon (one menu item, httpx and Pillow imported, no polling),
   both running at the same time, the tray polling 15 healthy loopback providers every second;
2. a soak: the tray polling 15 providers every second for ten minutes against a server that
   rotates every page through faults (bench/soak_server.py); memory, open files and threads at
   the start and the end.

Run by hand: ``.venv/bin/python -m bench.tray_soak_bench [--minutes 10] [--ratio-seconds 60]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.tray_bench import app_env, write_config
from tests.e2e.desktop_session import DesktopSession
from tests.statusserver import wait_for

BARE_ICON = r"""
import httpx, pystray
from PIL import Image
client = httpx.Client()
image = Image.new("RGBA", (64, 64), (40, 160, 60, 255))
menu = pystray.Menu(pystray.MenuItem("Quit", lambda icon, item: icon.stop()))
pystray.Icon("bare-icon", image, "bare icon", menu=menu).run()
"""


def figures(pid: int) -> dict[str, float]:
    """RSS and private dirty (MiB), open files and threads of process ``pid``."""
    result = {
        "fds": float(len(os.listdir(f"/proc/{pid}/fd"))),
        "threads": float(len(os.listdir(f"/proc/{pid}/task"))),
    }
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("Rss", "Private_Dirty"):
            result[key] = int(value.split()[0]) / 1024
    return result


def describe(values: dict[str, float]) -> str:
    return (
        f"RSS {values['Rss']:.1f} MiB, private dirty {values['Private_Dirty']:.1f} MiB, "
        f"{values['fds']:.0f} open files, {values['threads']:.0f} threads"
    )


def serve(rotating: bool) -> tuple[subprocess.Popen[str], str]:
    module = "bench.soak_server" if rotating else "bench.serve"
    server = subprocess.Popen(
        [sys.executable, "-m", module],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    return server, server.stdout.readline().strip()


def stop(process: subprocess.Popen[str]) -> None:
    if process.stdin is not None:
        process.stdin.close()
    process.terminate()
    process.wait(timeout=10)


def start_tray(desktop: DesktopSession, tmp: Path, url: str, name: str) -> subprocess.Popen[str]:
    config = write_config(tmp / f"{name}.toml", url, 15, 1)
    app = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "--config", str(config)],
        env=app_env(desktop, tmp / f"home-{name}"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert wait_for(lambda: desktop.icon_window("ai-status-tray") is not None, 30)
    return app


def ratio(desktop: DesktopSession, tmp: Path, seconds: float) -> None:
    server, url = serve(rotating=False)
    env = {**app_env(desktop, tmp / "home-bare"), "GDK_GL": "disable"}  # as the tray sets it
    bare = subprocess.Popen([sys.executable, "-c", BARE_ICON], env=env, text=True)
    app = start_tray(desktop, tmp, url, "ratio")
    try:
        time.sleep(seconds)
        tray, icon = figures(app.pid), figures(bare.pid)
        print(f"bare pystray icon:                 {describe(icon)}")
        print(f"tray, 15 providers polling at 1 s: {describe(tray)}")
        print(
            f"ratio tray / bare icon: private dirty {tray['Private_Dirty'] / icon['Private_Dirty']:.2f}x,"
            f" RSS {tray['Rss'] / icon['Rss']:.2f}x"
        )
    finally:
        app.terminate()
        bare.terminate()
        app.wait(timeout=10)
        bare.wait(timeout=10)
        stop(server)
        wait_for(lambda: desktop.icon_window("ai-status-tray") is None, 5, 0.05)


def soak(desktop: DesktopSession, tmp: Path, minutes: float) -> None:
    server, url = serve(rotating=True)
    app = start_tray(desktop, tmp, url, "soak")
    try:
        time.sleep(30)  # past start-up and the first polls
        print(f"soak after 30 s:       {describe(figures(app.pid))}")
        end = time.monotonic() + minutes * 60 - 30
        while (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 120))
            assert app.poll() is None, "the tray died"
            elapsed = minutes * 60 - max(0.0, end - time.monotonic())
            print(f"soak after {elapsed / 60:4.1f} min:  {describe(figures(app.pid))}", flush=True)
    finally:
        app.terminate()
        app.wait(timeout=10)
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--ratio-seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name, DesktopSession(Path(name)) as desktop:
        ratio(desktop, Path(name), args.ratio_seconds)
        if args.minutes > 0:
            soak(desktop, Path(name), args.minutes)


if __name__ == "__main__":
    main()
