"""Choices made in the menu (muted providers, paused notifications), kept across restarts.

Stored apart from the user's config file, which the app never rewrites. A file that cannot be
read is set aside (never overwritten blindly), and saving is atomic: a save cut short leaves
the previous file intact.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MAX_BYTES = 256 * 1024
MAX_MUTED = 1000


@dataclass(frozen=True)
class Prefs:
    muted: frozenset[str] = field(default_factory=frozenset)
    paused_until: datetime | None = None


class _Invalid(ValueError):
    pass


def load(path: Path) -> Prefs:
    """The saved choices; defaults when there are none or they cannot be trusted."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _Invalid(f"larger than {MAX_BYTES // 1024} KB")
        return _validated(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Prefs()
    except (OSError, ValueError, RecursionError) as exc:
        aside = _set_aside(path)
        where = f"; kept as {aside}" if aside else ""
        log.warning("ignoring unreadable preferences %s (%s)%s", path, exc, where)
        return Prefs()


def _validated(data: Any) -> Prefs:
    if not isinstance(data, dict):
        raise _Invalid("expected a JSON object")
    muted = data.get("muted", [])
    if not isinstance(muted, list) or len(muted) > MAX_MUTED:
        raise _Invalid("muted: expected a list of provider ids")
    if not all(isinstance(m, str) and 0 < len(m) <= 100 for m in muted):
        raise _Invalid("muted: expected a list of provider ids")
    paused = data.get("paused_until")
    until = None
    if paused is not None:
        if not isinstance(paused, str):
            raise _Invalid("paused_until: expected a time")
        until = datetime.fromisoformat(paused)
        if until.tzinfo is None or until.utcoffset() is None:
            # Compared with aware times later on; a naive one stopped the tray from starting.
            raise _Invalid("paused_until: a time without a UTC offset")
    return Prefs(frozenset(muted), until)


def _set_aside(path: Path) -> Path | None:
    """Rename an unreadable file so the next save does not destroy what may be recoverable."""
    aside = path.with_name(path.name + ".unreadable")
    try:
        path.replace(aside)
    except OSError:
        return None
    return aside


def save(path: Path, prefs: Prefs) -> None:
    """Write ``prefs`` atomically: a temporary file, flushed to disk, renamed over the old one."""
    data = {
        "muted": sorted(prefs.muted),
        "paused_until": prefs.paused_until.isoformat() if prefs.paused_until else None,
    }
    text = json.dumps(data, indent=2)
    temp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).replace(path)
        temp = None
    except OSError as exc:
        log.warning("could not save preferences to %s: %s", path, exc)
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                Path(temp).unlink()
