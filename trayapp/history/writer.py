"""Writing history safely: history may be lost, the app never is.

- a locked file (another process writing): the polls wait in memory and go in with the next
  one (bounded), nothing blocks for longer than the lock timeout;
- a corrupted file: renamed aside as ``….corrupt-<timestamp>``, logged once, started afresh;
- a full disk or a read-only place: that poll is dropped and logged once per episode;
- a file from a newer version of the app: left untouched, history is off for this run.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from trayapp.core.history import KEEP_DAYS, ProviderHistory
from trayapp.core.model import Snapshot
from trayapp.history.schema import NewerSchema
from trayapp.history.store import HistoryStore

log = logging.getLogger(__name__)

MAX_PENDING = 120  # polls kept while the file is locked: two hours at the default interval
BUSY = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED"})
CORRUPT = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})


def error_name(exc: sqlite3.Error) -> str:
    """SQLite's name for the error, e.g. ``SQLITE_BUSY`` (extended codes folded)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    base = name.split("_")[:2]
    return "_".join(base) if len(base) == 2 else name


def set_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged file (and its WAL/SHM) out of the way; returns the new name."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            source.replace(target.with_name(target.name + suffix))
    return target


class HistoryWriter:
    """Records polls into one file, surviving every fault of that file. Single-threaded."""

    def __init__(self, path: Path, timeout: float = 1.0) -> None:
        self.path = path
        self._timeout = timeout
        self._store: HistoryStore | None = None
        self._pending: deque[Snapshot] = deque(maxlen=MAX_PENDING)
        self._disabled = False
        self._told: set[str] = set()  # log each kind of trouble once per episode

    @property
    def pending(self) -> int:
        return len(self._pending)

    def store(self, now: datetime) -> HistoryStore | None:
        """The open store, opening (or replacing a corrupted file) when needed."""
        if self._disabled:
            return None
        if self._store is None:
            try:
                self._store = HistoryStore.open(self.path, self._timeout)
            except NewerSchema as exc:
                log.warning("history is off: %s (%s)", exc, self.path)
                self._disabled = True
                return None
            except sqlite3.Error as exc:
                if error_name(exc) not in CORRUPT:
                    raise
                self._replace_corrupt(now)
                self._store = HistoryStore.open(self.path, self._timeout)
        return self._store

    def record(self, snapshot: Snapshot) -> bool:
        """Write ``snapshot`` and any polls held back; True when everything is on disk."""
        self._pending.append(snapshot)
        return self._flush(snapshot.checked_at)

    def prune(self, now: datetime) -> None:
        self._guarded(now, lambda store: store.prune(now))

    def read(self, now: datetime, days: int = KEEP_DAYS) -> list[ProviderHistory] | None:
        """Every provider's history, or None when the file cannot be read right now."""
        found: list[list[ProviderHistory]] = []
        if self._guarded(now, lambda store: found.append(store.read(now, days))):
            return found[0]
        return None

    def _flush(self, now: datetime) -> bool:
        def write(store: HistoryStore) -> None:
            while self._pending:
                store.record(self._pending[0])
                self._pending.popleft()

        return self._guarded(now, write) and not self._pending

    def _guarded(self, now: datetime, job: Callable[[HistoryStore], object]) -> bool:
        try:
            store = self.store(now)
            if store is None:
                self._pending.clear()
                return False
            job(store)
        except sqlite3.Error as exc:
            return self._fault(exc, now)
        except OSError as exc:  # the data directory cannot be made or renamed in
            self._once("os", "history not written: %s", exc)
            self._pending.clear()
            return False
        self._told.clear()
        return True

    def _fault(self, exc: sqlite3.Error, now: datetime) -> bool:
        name = error_name(exc)
        if name in BUSY:
            self._once("busy", "history file is locked by another process; will retry")
            return False
        if name in CORRUPT:
            self._replace_corrupt(now)
            return False
        # Full disk, read-only file, I/O error: lose these polls, keep the app.
        self._once(name, "history not written (%s: %s); carrying on without it", name, exc)
        self._pending.clear()
        self.close()
        return False

    def _replace_corrupt(self, now: datetime) -> None:
        self.close()
        aside = set_aside(self.path, now)
        log.error("history file was damaged; moved it to %s and started a new one", aside)

    def _once(self, key: str, message: str, *args: object) -> None:
        if key not in self._told:
            self._told.add(key)
            log.warning(message, *args)

    def close(self) -> None:
        if self._store is not None:
            store, self._store = self._store, None
            try:
                store.close()
            except sqlite3.Error:
                log.debug("closing the history file failed", exc_info=True)
