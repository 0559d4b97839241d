"""Where files go, per platform conventions (platformdirs)."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import platformdirs

from trayapp.core.identity import APP_ID

log = logging.getLogger(__name__)


def config_file() -> Path:
    return platformdirs.user_config_path(APP_ID, appauthor=False) / "config.toml"


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_ID, appauthor=False)


def log_dir() -> Path:
    return platformdirs.user_log_path(APP_ID, appauthor=False)


def runtime_dir() -> Path:
    """Where the single-instance lock lives. Without ``XDG_RUNTIME_DIR`` (su, some SSH sessions)
    platformdirs falls back to ``/tmp/runtime-UID`` and warns with a source excerpt: that goes
    to the log, not to the user's terminal."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = platformdirs.user_runtime_path(APP_ID, appauthor=False)
    for warning in caught:
        log.info("%s", warning.message)
    return path
