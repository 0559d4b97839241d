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
