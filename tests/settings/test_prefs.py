"""Autostart entries, preferences, the single-instance lock, link opening, and start-up
without a display."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from trayapp.settings import prefs


def test_prefs_round_trip_and_survive_garbage(tmp_path: Path):
    path = tmp_path / "prefs.json"
    assert prefs.load(path) == prefs.Prefs()
    saved = prefs.Prefs(frozenset({"openai"}), datetime(2026, 11, 21, 8, 0, tzinfo=UTC))
    prefs.save(path, saved)
    assert prefs.load(path) == saved
    path.write_text("{not json")
    assert prefs.load(path) == prefs.Prefs()
