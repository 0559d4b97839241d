"""Watching what the settings window changes outside ``config.toml``: the saved choices
(``prefs.json``: the pause) and start at login, so the running tray follows within seconds.

Files rather than a message to the tray: they are the truth either way, they work the same on
every platform, and a window opened while no tray runs needs nothing else.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from trayapp.desktop.config_watch import stamp
from trayapp.settings import prefs

log = logging.getLogger(__name__)


class PrefsWatcher(threading.Thread):
    def __init__(
        self,
        path: Path,
        on_prefs: Callable[[prefs.Prefs], None],
        autostart: Callable[[], bool],
        on_autostart: Callable[[bool], None],
        every: float = 1.0,
    ) -> None:
        super().__init__(name="prefs-watch", daemon=True)
        self._path = path
        self._on_prefs = on_prefs
        self._autostart = autostart
        self._on_autostart = on_autostart
        self._every = every
        self._stopping = threading.Event()
        self._last = stamp(path)
        self._last_autostart: bool | None = None

    def run(self) -> None:
        while not self._stopping.wait(self._every):
            try:
                self.check()
            except Exception:  # a bug here must not end the watching
                log.exception("could not check the saved choices")

    def check(self) -> None:
        now = stamp(self._path)
        if now != self._last:
            self._last = now
            if now is not None:
                self._on_prefs(prefs.load(self._path))
        enabled = self._autostart()
        if enabled != self._last_autostart:
            if self._last_autostart is not None:
                self._on_autostart(enabled)
            self._last_autostart = enabled

    def stop(self) -> None:
        self._stopping.set()
