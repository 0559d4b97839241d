"""Starting a window (``ai-status-tray settings``) in its own process, from the tray.

The windows' toolkit (GTK 4) never loads into the tray: the tray starts the same installation
again with a command, and the window process presents an already open window itself.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from trayapp.desktop import autostart

log = logging.getLogger(__name__)


def window_command(name: str, config_file: Path, *extra: str) -> list[str]:
    """The command line that opens window ``name`` for the settings at ``config_file``."""
    return [*autostart.command(), "--config", str(config_file), name, *extra]


def launch(name: str, config_file: Path, *extra: str) -> subprocess.Popen[bytes] | None:
    """Start the window process and return at once; None (logged) when it cannot start."""
    cmd = window_command(name, config_file, *extra)
    try:
        # Its own session: a signal to the tray's process group does not close the window.
        return subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            start_new_session=sys.platform != "win32",
        )
    except OSError as exc:
        log.warning("could not start the %s window: %s", name, exc)
        return None
