"""The real tray on a virtual desktop (Xvfb + a tray host + private D-Bus), two figures:

1. memory beside a bare pystray icon (one menu item, httpx and Pillow imported, no polling),
   both running at the same time, the tray polling 15 healthy loopback providers every second.
   Both run from a virtualenv holding only the app's runtime dependencies, as pipx or pip
   installs it (the development venv adds click and rich, which httpx imports when present), and
   each takes the way of showing an icon it would take on its own. Measured on two hosts:
   xfce4-panel, a StatusNotifierItem host (KDE, Xfce, Cinnamon, waybar, GNOME's extension:
   the app's own item, no GTK), with healthy pages and with an open incident from an earlier
   day on every page; and trayer, an XEmbed-only tray (GTK's status icon);
2. a soak: the tray polling 15 providers every second for ten minutes against a server that
   rotates every page through faults (bench/soak_server.py); memory, open files and threads at
   the start and the end.

Run by hand: ``.venv/bin/python -m bench.tray_soak_bench [--minutes 10] [--ratio-seconds 60]``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.runtime_venv import runtime_venv
from bench.soak_bench import describe, figures
from bench.tray_bench import app_env, write_config
from tests.e2e.desktop_session import DesktopSession
from tests.statusserver import wait_for

HEALTHY = "statuspage/healthy.json"
# An open incident that began on an earlier day: the menu then shows a month's name, for which
# Babel loads the language's CLDR data (about 4 MiB, once).
OUTAGE = "statuspage/outage.json"
BARE_ICON = r"""
import httpx, pystray
from PIL import Image
client = httpx.Client()
image = Image.new("RGBA", (64, 64), (40, 160, 60, 255))
menu = pystray.Menu(pystray.MenuItem("Quit", lambda icon, item: icon.stop()))
pystray.Icon("bare-icon", image, "bare icon", menu=menu).run()
"""


def serve(rotating: bool, page: str = HEALTHY) -> tuple[subprocess.Popen[str], str]:
    command = ["-m", "bench.soak_server"] if rotating else ["-m", "bench.serve", page]
    server = subprocess.Popen(
        [sys.executable, *command],
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


def start_tray(
    desktop: DesktopSession, tmp: Path, url: str, name: str, command: list[str], env: dict[str, str]
) -> subprocess.Popen[str]:
    config = write_config(tmp / f"{name}.toml", url, 15, 1)
    return subprocess.Popen(
        [*command, "--config", str(config)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd="/",  # a crowded working directory would cost the import system memory
    )


def ratio(tmp: Path, host: str, venv_bin: Path, seconds: float, page: str = HEALTHY) -> None:
    run = f"{host}-{Path(page).stem}"
    (tmp / run).mkdir()
    with DesktopSession(tmp / run, host=host) as desktop:
        server, url = serve(rotating=False, page=page)
        env = app_env(desktop, tmp / f"home-{host}")
        del env["PYSTRAY_BACKEND"]  # each picks its own way, as it would for a user
        bare_env = {**env, "GDK_GL": "disable"}  # as the tray sets it
        bare = subprocess.Popen(
            [venv_bin / "python", "-c", BARE_ICON],
            env=bare_env,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd="/",
        )
        app = start_tray(desktop, tmp, url, host, [str(venv_bin / "ai-status-tray")], env)
        try:
            time.sleep(seconds)
            assert app.poll() is None and bare.poll() is None, "a process died"
            tray, icon = figures(app.pid), figures(bare.pid)
            print(f"{run}: bare pystray icon:                 {describe(icon)}")
            print(f"{run}: tray, 15 providers polling at 1 s: {describe(tray)}")
            dirty = tray["Private_Dirty"] / icon["Private_Dirty"]
            print(
                f"{run}: tray / bare icon: private dirty {dirty:.2f}x, "
                f"RSS {tray['Rss'] / icon['Rss']:.2f}x",
                flush=True,
            )
        finally:
            app.terminate()
            bare.terminate()
            app.wait(timeout=10)
            bare.wait(timeout=10)
            stop(server)


def soak(desktop: DesktopSession, tmp: Path, minutes: float) -> None:
    server, url = serve(rotating=True)
    env = app_env(desktop, tmp / "home-soak")
    app = start_tray(desktop, tmp, url, "soak", [sys.executable, "-m", "trayapp"], env)
    assert wait_for(lambda: desktop.icon_window("ai-status-tray") is not None, 30)
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
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.ratio_seconds > 0:
            venv_bin = runtime_venv(tmp / "venv")
            for host, page in (("xfce", HEALTHY), ("xfce", OUTAGE), ("trayer", HEALTHY)):
                ratio(tmp, host, venv_bin, args.ratio_seconds, page)
        if args.minutes > 0:
            (tmp / "soak").mkdir()
            with DesktopSession(tmp / "soak") as desktop:
                soak(desktop, tmp, args.minutes)


if __name__ == "__main__":
    main()
