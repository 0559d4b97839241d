"""Autostart entries, preferences, the single-instance lock, link opening, and start-up
without a display."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from trayapp.desktop import autostart


def test_autostart_entry_is_valid_and_toggles(home: Path):
    assert not autostart.is_enabled()
    autostart.set_enabled(True)
    entry = home / "config" / "autostart" / "ai-status-tray.desktop"
    assert entry.exists() and autostart.is_enabled()
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate is missing: run scripts/test, which installs it"
    result = subprocess.run([validator, str(entry)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Exec=" in entry.read_text()
    autostart.set_enabled(False)
    assert not entry.exists() and not autostart.is_enabled()


def test_desktop_entry_quotes_odd_paths():
    text = autostart.desktop_entry(["/opt/my apps/python", "-m", "trayapp"])
    assert 'Exec="/opt/my apps/python" -m trayapp' in text


def exec_line(home: Path) -> str:
    entry = home / "config" / "autostart" / "ai-status-tray.desktop"
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate is missing: run scripts/test, which installs it"
    result = subprocess.run([validator, str(entry)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))


def test_start_at_login_keeps_the_settings_file_the_tray_was_started_with(home: Path):
    from tests.desktop.test_effects import NoTray
    from trayapp.desktop.effects import ShellEffects
    from trayapp.settings import paths
    from trayapp.windows.settings_store import SettingsStore

    mine = home / "my settings.toml"
    tray = ShellEffects(NoTray(), home / "data", lambda: None, lambda: None, config_file=mine)
    try:
        assert tray.set_autostart(True)  # the menu's "Start at login"
        assert exec_line(home).endswith(f' --config "{mine}"')
        assert not tray.set_autostart(False)
        # The settings window the tray opened edits the same file, and says so too.
        assert SettingsStore(mine, home / "data").set_autostart(True)
        assert exec_line(home).endswith(f' --config "{mine}"')
        # On the default file, nothing to add: a later move of the default still applies.
        assert SettingsStore(paths.config_file(), home / "data").set_autostart(True)
        assert "--config" not in exec_line(home)
    finally:
        tray.close()
