"""Wayland for tests: sway (headless, pixman) with waybar's tray, on a private D-Bus bus.

sway refuses to run as root, so it runs as ``nobody`` with a runtime directory of its own; the
bus listens on an abstract socket so that user can reach it. waybar's tray module owns
org.kde.StatusNotifierWatcher; ``grim`` takes screenshots."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image

from tests.e2e.processes import sni_watcher_present, terminate_all
from tests.statusserver import wait_for

USER = "nobody"
BAR_HEIGHT = 30

BUS_CONFIG = """<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>
<auth>EXTERNAL</auth><policy context="default"><allow user="*"/><allow own="*"/>
<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy></busconfig>
"""


class SwaySession:
    def __init__(self, workdir: Path, bar: bool = True) -> None:
        """``bar``: start waybar with sway; else there is no tray until :meth:`start_bar`."""
        self.bar = bar
        self.workdir = workdir
        self.procs: list[subprocess.Popen[Any]] = []
        self.env: dict[str, str] = {}
        self.runtime = Path(tempfile.mkdtemp(prefix="sway-run-"))
        self.log = workdir / "sway.log"

    def full_env(self) -> dict[str, str]:
        return {**os.environ, **self.env}

    def __enter__(self) -> SwaySession:
        for tool in ("sway", "waybar", "grim", "setpriv", "dbus-daemon"):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} is missing: run scripts/test, which installs it")
        try:
            self._start_bus()
            self._start_sway()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        terminate_all(self.procs)
        shutil.rmtree(self.runtime, ignore_errors=True)

    def _start_bus(self) -> None:
        config = self.workdir / "bus.conf"
        config.write_text(BUS_CONFIG)
        proc = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.procs.append(proc)
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        if not address:
            raise RuntimeError("dbus-daemon did not start")
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address
        self.env.pop("DISPLAY", None)

    def _start_sway(self) -> None:
        waybar = self.runtime / "waybar.json"
        waybar.write_text(
            json.dumps(
                {
                    "layer": "top",
                    "position": "top",
                    "height": BAR_HEIGHT,
                    "modules-right": ["tray"],
                    "tray": {"icon-size": 22, "spacing": 4},
                }
            )
        )
        style = self.runtime / "style.css"
        style.write_text("* { font-size: 12px; } window#waybar { background: #303030; }\n")
        sway = self.runtime / "sway.conf"
        bar = f"exec {self._waybar_command()}\n" if self.bar else ""
        sway.write_text("xwayland disable\n" + bar)
        pw = _passwd(USER)
        os.chown(self.runtime, pw[0], pw[1])
        for path in (waybar, style, sway):
            os.chown(path, pw[0], pw[1])
        self.runtime.chmod(0o700)
        env = {
            **self.full_env(),
            "XDG_RUNTIME_DIR": str(self.runtime),
            "HOME": str(self.runtime),
            "WLR_BACKENDS": "headless",
            "WLR_LIBINPUT_NO_DEVICES": "1",
            "WLR_RENDERER": "pixman",
        }
        env.pop("WAYLAND_DISPLAY", None)
        with self.log.open("w") as out:
            self.procs.append(
                subprocess.Popen(
                    [
                        "setpriv",
                        f"--reuid={pw[0]}",
                        f"--regid={pw[1]}",
                        "--clear-groups",
                        "--",
                        "sway",
                        "-c",
                        str(sway),
                    ],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        socket = wait_for(self._socket, 20)
        if not socket:
            raise RuntimeError(f"sway did not start:\n{self.log.read_text()[-3000:]}")
        self.env["WAYLAND_DISPLAY"] = str(self.runtime / socket)  # absolute: any runtime dir
        if self.bar:
            self._wait_for_bar()

    def _waybar_command(self) -> str:
        return f"waybar -c {self.runtime / 'waybar.json'} -s {self.runtime / 'style.css'}"

    def _wait_for_bar(self) -> None:
        if not wait_for(self.watcher_ready, 30):
            raise RuntimeError(f"waybar's tray did not start:\n{self.log.read_text()[-3000:]}")

    def start_bar(self) -> None:
        """Start waybar now (as sway's user), as a bar that comes up after the app does."""
        uid, gid = _passwd(USER)
        env = {**self.full_env(), "XDG_RUNTIME_DIR": str(self.runtime), "HOME": str(self.runtime)}
        with (self.workdir / "waybar.log").open("w") as out:
            self.procs.append(
                subprocess.Popen(
                    [
                        "setpriv",
                        f"--reuid={uid}",
                        f"--regid={gid}",
                        "--clear-groups",
                        "--",
                        *self._waybar_command().split(),
                    ],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        self._wait_for_bar()

    def _socket(self) -> str | None:
        found = sorted(
            p.name for p in self.runtime.glob("wayland-*") if not p.name.endswith(".lock")
        )
        return found[0] if found else None

    def watcher_ready(self) -> bool:
        return sni_watcher_present(self.full_env())

    def screenshot(self, path: Path) -> Image.Image:
        env = {**self.full_env(), "XDG_RUNTIME_DIR": str(self.runtime)}
        subprocess.run(["grim", str(path)], env=env, check=True, capture_output=True)
        return Image.open(path).convert("RGB")


def _passwd(user: str) -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam(user)
    return entry.pw_uid, entry.pw_gid
