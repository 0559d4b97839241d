"""What every test desktop (Xvfb, xfce4-panel, sway) needs: ending its processes, asking its bus."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from typing import Any


def terminate_all(procs: Sequence[subprocess.Popen[Any]]) -> None:
    """Stop the processes, newest first; kill what does not end within 5 s."""
    for proc in reversed(procs):
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()


def sni_watcher_present(env: dict[str, str]) -> bool:
    """True when something owns org.kde.StatusNotifierWatcher on the session bus of ``env``."""
    return name_has_owner("org.kde.StatusNotifierWatcher", env)


def name_has_owner(name: str, env: dict[str, str]) -> bool:
    """True when something owns the bus name ``name`` on the session bus of ``env``."""
    out = subprocess.run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            f"string:{name}",
        ],
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    return "boolean true" in out
