"""Where files go, per platform conventions (platformdirs)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from trayapp.core.identity import APP_ID


def config_file() -> Path:
    return platformdirs.user_config_path(APP_ID, appauthor=False) / "config.toml"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_ID, appauthor=False)


def log_dir() -> Path:
    return platformdirs.user_log_path(APP_ID, appauthor=False)


def runtime_dir() -> Path:
    return platformdirs.user_runtime_path(APP_ID, appauthor=False)
