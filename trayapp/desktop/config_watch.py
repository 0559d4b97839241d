"""Watching the config file: a valid edit is applied without a restart, an invalid one is
reported (file, line, problem) while the running configuration stays in force.

The file's size and modification time are checked every few seconds from a small thread (the
same on every platform, no inotify needed); the file is read and validated there, and the
result handed to the UI thread through the callbacks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from trayapp.settings.config import Config, ConfigError

log = logging.getLogger(__name__)

Stamp = tuple[int, int] | None


def stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class ConfigWatcher(threading.Thread):
    def __init__(
        self,
        path: Path,
        load: Callable[[Path], Config],
        on_config: Callable[[Config], None],
        on_error: Callable[[str], None],
        every: float = 2.0,
    ) -> None:
        super().__init__(name="config-watch", daemon=True)
        self._path = path
        self._load = load
        self._on_config = on_config
        self._on_error = on_error
        self._every = every
        self._stopping = threading.Event()
        self._last = stamp(path)

    def run(self) -> None:
        while not self._stopping.wait(self._every):
            now = stamp(self._path)
            if now == self._last:
                continue
            self._last = now
            if now is None:
                log.info("%s was removed; the running settings stay", self._path)
                continue
            self.check()

    def check(self) -> None:
        """Read and validate the file now; one callback with the outcome."""
        try:
            config = self._load(self._path)
        except ConfigError as exc:
            log.warning("settings not applied: %s", exc)
            self._on_error(str(exc))
            return
        except Exception as exc:  # a bug here must not end the watching
            log.exception("could not read the settings")
            self._on_error(f"{self._path}: {exc}")
            return
        log.info("settings reloaded from %s", self._path)
        self._on_config(config)

    def check_now(self) -> None:
        """Read the file now (a window just wrote it), not at the next look."""
        self._last = stamp(self._path)
        self.check()

    def stop(self) -> None:
        self._stopping.set()
