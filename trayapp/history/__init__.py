"""History on disk: every poll recorded in one SQLite file in the user's data directory."""

from __future__ import annotations

from pathlib import Path

from trayapp.history.store import FILE_NAME
from trayapp.settings import paths


def database_path() -> Path:
    return paths.data_dir() / FILE_NAME
