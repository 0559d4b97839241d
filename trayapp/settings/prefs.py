"""Choices made in the menu (muted providers, paused notifications), kept across restarts.

Stored apart from the user's config file, which the app never rewrites.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prefs:
    muted: frozenset[str] = field(default_factory=frozenset)
    paused_until: datetime | None = None


def load(path: Path) -> Prefs:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        muted = frozenset(str(m) for m in data.get("muted", []))
        paused = data.get("paused_until")
        return Prefs(muted, datetime.fromisoformat(paused) if paused else None)
    except FileNotFoundError:
        return Prefs()
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        log.warning("ignoring unreadable preferences %s: %s", path, exc)
        return Prefs()


def save(path: Path, prefs: Prefs) -> None:
    data = {
        "muted": sorted(prefs.muted),
        "paused_until": prefs.paused_until.isoformat() if prefs.paused_until else None,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    except OSError as exc:
        log.warning("could not save preferences to %s: %s", path, exc)
