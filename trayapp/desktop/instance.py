"""One instance per user: an exclusive lock on a file in the runtime dir.

While the tray runs, the file holds its process id; :func:`running` reads it, so another process
(a window polling on its own) can tell that a tray runs without touching the lock.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

LOCK_NAME = "instance.lock"  # the everyday tray's; a demo takes another


class AlreadyRunning(Exception):
    pass


class InstanceLock:
    """Held while the app runs; the OS releases it if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise AlreadyRunning(str(self.path)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            # No process id left behind: the tray no longer runs (a crash leaves one, of a
            # process that is gone).
            self._file.seek(0)
            self._file.truncate()
            self._file.close()
            self._file = None


def running(path: Path) -> bool:
    """Whether the process that holds the lock at ``path`` runs now.

    Read without taking the lock: probing it could make a tray starting at that very moment
    believe another one runs. Where a process cannot be asked whether it lives (Windows), a
    process id in the file counts as running."""
    try:
        pid = int(path.read_text(encoding="utf-8").strip() or "0")
    except (OSError, ValueError):
        return False
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except (ProcessLookupError, PermissionError):  # gone, or the id is another user's now
        return False
    return True
