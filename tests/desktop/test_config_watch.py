"""The settings file watcher: a change is read and reported once, good or bad."""

from __future__ import annotations

from pathlib import Path

from tests.statusserver import wait_for
from trayapp.desktop.config_watch import ConfigWatcher
from trayapp.settings.catalogue import load_catalogue
from trayapp.settings.config import Config, load


def test_edits_are_reported_once_each_good_or_bad(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text("poll_interval = 60\n")
    configs: list[Config] = []
    errors: list[str] = []
    watcher = ConfigWatcher(
        path, lambda p: load(p, load_catalogue()), configs.append, errors.append, every=0.05
    )
    watcher.start()
    try:
        path.write_text("poll_interval = 120\n")
        assert wait_for(lambda: len(configs) == 1, 5)
        assert configs[0].poll_interval == 120
        path.write_text("poll_interval = 120\nnotifications = maybe\n")
        assert wait_for(lambda: len(errors) == 1, 5)
        assert errors[0].startswith(f"{path}: ")
        assert "line 2" in errors[0]
        path.unlink()  # removed: the running settings stay, nothing reported
        path.write_text("poll_interval = 90\n")
        assert wait_for(lambda: len(configs) == 2, 5)
        assert len(errors) == 1
    finally:
        watcher.stop()
        watcher.join(5)
