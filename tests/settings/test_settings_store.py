"""The settings window's stores without a window: the first run's file, the pause without a
running tray, and refusals that leave the file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayapp.settings import prefs
from trayapp.settings.config import ConfigError, load
from trayapp.windows.settings_store import SettingsStore


def test_the_first_runs_file_watches_the_popular_picks(tmp_path: Path):
    store = SettingsStore(tmp_path / "config.toml", data_dir=tmp_path)
    assert not store.exists()
    assert [c.id for c in store.choices() if c.watched] == [
        "openai",
        "anthropic",
        "gemini",
        "copilot",
    ]
    store.keep_first_run_picks()
    config = load(tmp_path / "config.toml", store.catalogue)
    assert [p.id for p in config.providers] == ["openai", "anthropic", "gemini", "copilot"]
    assert "# AI Status Tray configuration" in (tmp_path / "config.toml").read_text()


def test_pausing_without_a_tray_writes_the_saved_choices(tmp_path: Path):
    store = SettingsStore(tmp_path / "config.toml", data_dir=tmp_path)
    until = store.pause("1h")
    assert until is not None
    assert prefs.load(tmp_path / "prefs.json").paused_until == until
    assert store.paused_until() == until
    store.pause(None)
    assert store.paused_until() is None


def test_a_file_that_does_not_load_is_said_and_no_change_is_written(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text('[catalogue]\nenabled = ["opnai"]\n')
    store = SettingsStore(path, data_dir=tmp_path)
    assert store.problem is not None and "opnai" in store.problem
    with pytest.raises(ConfigError):
        store.set_loudness("openai", "silent")
    assert path.read_text() == '[catalogue]\nenabled = ["opnai"]\n'


def test_the_poll_interval_is_written_as_a_whole_number_when_it_is_one(tmp_path: Path):
    store = SettingsStore(tmp_path / "config.toml", data_dir=tmp_path)
    store.set_poll_interval(90.0)
    assert "poll_interval = 90\n" in (tmp_path / "config.toml").read_text()
