"""``ai-status-tray history``: the recorded history told back, and ``--forget``."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from trayapp.core.i18n import _
from trayapp.core.model import Snapshot
from trayapp.history.schema import NewerSchema
from trayapp.history.store import HistoryStore
from trayapp.history.writer import BUSY, HistoryWriter, error_name
from trayapp.views.history import table, to_json

log = logging.getLogger(__name__)


def record_once(path: Path, snapshot: Snapshot) -> None:
    """Record one poll from a one-shot command; a problem is logged, never raised."""
    writer = HistoryWriter(path, timeout=2.0)
    try:
        writer.record(snapshot)
        writer.prune(snapshot.checked_at)
    except Exception:
        log.exception("recording history failed")
    finally:
        writer.close()


def show(path: Path, now: datetime, provider: str | None, days: int, as_json: bool) -> int:
    """Print the history (0), or say clearly why there is none (0) or it cannot be read (1)."""
    if not path.exists():
        return _empty(path, now, as_json)
    try:
        with HistoryStore.open(path, timeout=5.0) as store:
            histories = store.read(now, days, only=provider)
            known = [key for key, _name in store.providers()]
    except (sqlite3.Error, NewerSchema) as exc:
        print(
            _("The history file {path} cannot be read: {error}").format(path=path, error=exc),
            file=sys.stderr,
        )
        return 1
    if provider is not None and not histories:
        listed = ", ".join(known) or _("none yet")
        print(
            _("No history for {provider!r}; providers with history: {listed}.").format(
                provider=provider, listed=listed
            ),
            file=sys.stderr,
        )
        return 2
    if not histories:
        return _empty(path, now, as_json)
    if as_json:
        print(json.dumps(to_json(histories, now), indent=2, ensure_ascii=False))
    else:
        print(table(histories, now, days))
    return 0


def _empty(path: Path, now: datetime, as_json: bool) -> int:
    message = _(
        "No history yet in {path}: it fills as the tray, `watch` or `status` poll the providers."
    ).format(path=path)
    if as_json:
        print(json.dumps({"generated_at": now.isoformat(), "providers": []}, indent=2))
        print(message, file=sys.stderr)
    else:
        print(message)
    return 0


def forget(path: Path) -> int:
    """Delete every recorded poll; a file that cannot be opened is deleted outright."""
    files = [path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm")]
    if not any(f.exists() for f in files):
        print(_("No history to delete ({path}).").format(path=path))
        return 0
    try:
        with HistoryStore.open(path, timeout=5.0) as store:
            store.forget()
    except sqlite3.Error as exc:
        if error_name(exc) in BUSY:
            print(_("The history file is busy; try again.").format(path=path), file=sys.stderr)
            return 1
        for file in files:  # damaged: nothing worth keeping in it
            file.unlink(missing_ok=True)
    except NewerSchema:
        for file in files:
            file.unlink(missing_ok=True)
    print(_("History deleted ({path}).").format(path=path))
    return 0
