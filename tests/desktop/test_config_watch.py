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


def test_a_look_asked_for_now_happens_on_the_watcher_s_thread(tmp_path: Path):
    """The control channel's ReloadSettings arrives on the UI thread: it must not parse there."""
    import threading

    path = tmp_path / "config.toml"
    path.write_text("poll_interval = 60\n")
    threads: list[str] = []

    def load_here(p: Path) -> Config:
        threads.append(threading.current_thread().name)
        return load(p, load_catalogue())

    configs: list[Config] = []
    watcher = ConfigWatcher(path, load_here, configs.append, lambda message: None, every=3600)
    watcher.start()
    try:
        watcher.check_now()  # as from the UI thread, right after a window wrote the file
        assert wait_for(lambda: len(configs) == 1, 10)
        assert threads == ["config-watch"]
    finally:
        watcher.stop()
        watcher.join(5)
    assert not watcher.is_alive()
