"""Driving a GTK 4 window through its accessibility tree (AT-SPI), as a screen reader does.

The accessibility bus is started for the test's own D-Bus session (``at-spi-bus-launcher``);
the walks below run in a child process per call so that libatspi, which keeps one connection
per process, always talks to the session under test.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
HERE = Path(__file__).parent


def start_accessibility_bus(desktop: Any) -> subprocess.Popen[bytes]:
    """Start the AT-SPI bus for ``desktop``'s session bus (stopped with the desktop)."""
    if not Path(LAUNCHER).exists() or shutil.which("dbus-daemon") is None:
        raise RuntimeError(f"{LAUNCHER} is missing: run scripts/test (it installs at-spi2-core)")
    proc = desktop._spawn([LAUNCHER, "--launch-immediately"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if _a11y_bus_ready(desktop.full_env()):
            return proc
        time.sleep(0.2)
    raise RuntimeError("the accessibility bus did not start")


def _a11y_bus_ready(env: dict[str, str]) -> bool:
    code = (
        "import dbus;b=dbus.SessionBus();"
        "print(b.get_object('org.a11y.Bus','/org/a11y/bus').GetAddress("
        "dbus_interface='org.a11y.Bus'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=20
    )
    return out.returncode == 0 and out.stdout.strip().startswith("unix:")


class Ui:
    """One application's accessible tree, found by the accessible names of its parts."""

    def __init__(self, env: dict[str, str], app_pid: int) -> None:
        self.env = env
        self.pid = app_pid

    def _run(self, *command: str, timeout: float = 60) -> Any:
        out = subprocess.run(
            [sys.executable, str(HERE / "atspi_agent.py"), str(self.pid), *command],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if out.returncode != 0:
            raise RuntimeError(f"atspi agent failed: {out.stderr[-2000:]}")
        return json.loads(out.stdout)

    def nodes(self) -> list[dict[str, Any]]:
        """Every showing node: role, name, description, text, states."""
        result: list[dict[str, Any]] = self._run("dump")
        return result

    def names(self) -> list[str]:
        return [n["name"] for n in self.nodes()]

    def find(self, role: str, name_prefix: str) -> dict[str, Any] | None:
        for node in self.nodes():
            if node["role"] == role and node["name"].startswith(name_prefix):
                return node
        return None

    def act(self, role: str, name_prefix: str, action: str | None = None) -> None:
        """Do the node's (first, or named) action: click a button, toggle a switch."""
        self._run("act", role, name_prefix, action or "")

    def type_text(self, role: str, name_prefix: str, text: str) -> None:
        """Replace the text of an entry and activate it (Enter), as typing then Enter does."""
        self._run("type", role, name_prefix, text)

    def select(self, role: str, name_prefix: str, index: int) -> None:
        """Choose item ``index`` of a drop-down."""
        self._run("select", role, name_prefix, str(index))

    def wait(self, predicate: Any, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if predicate():
                    return True
            except RuntimeError:
                pass
            time.sleep(0.3)
        return False
