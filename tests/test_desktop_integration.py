"""Autostart entries, preferences, the single-instance lock, link opening, and start-up
without a display."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trayapp import autostart, opener, prefs
from trayapp.instance import AlreadyRunning, InstanceLock


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


def test_prefs_round_trip_and_survive_garbage(tmp_path: Path):
    path = tmp_path / "prefs.json"
    assert prefs.load(path) == prefs.Prefs()
    saved = prefs.Prefs(frozenset({"openai"}), datetime(2026, 11, 21, 8, 0, tzinfo=UTC))
    prefs.save(path, saved)
    assert prefs.load(path) == saved
    path.write_text("{not json")
    assert prefs.load(path) == prefs.Prefs()


def test_single_instance_lock(tmp_path: Path):
    first = InstanceLock(tmp_path / "run" / "instance.lock")
    first.acquire()
    with pytest.raises(AlreadyRunning):
        InstanceLock(tmp_path / "run" / "instance.lock").acquire()
    first.release()
    again = InstanceLock(tmp_path / "run" / "instance.lock")
    again.acquire()
    again.release()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://x.example",
        None,
        "https://a.example/\x00",
    ],
)
def test_only_http_links_are_opened(url, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {record}\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    import webbrowser

    monkeypatch.setattr(webbrowser, "_tryorder", None)  # re-read $BROWSER
    assert opener.open_url(url) is False
    assert opener.open_url("https://claude.ai") is True
    assert record.read_text().split() == ["https://claude.ai"]


def test_no_display_runs_the_terminal_view_without_importing_pystray(home: Path):
    config = home / "c.toml"
    config.write_text(
        'poll_interval = 1\n[catalogue]\nenabled = []\n[[providers]]\nid = "x"\nname = "X"\n'
        'type = "statuspage"\nurl = "http://127.0.0.1:9"\n'
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    code = (
        "import sys, trayapp.cli\n"
        "try:\n    trayapp.cli.main(sys.argv[1:])\nexcept KeyboardInterrupt:\n    pass\n"
        "print('pystray imported' if 'pystray' in sys.modules else 'pystray not imported')\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--config", str(config)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("Overall: ")
    proc.send_signal(2)
    out, err = proc.communicate(timeout=10)
    assert err.strip().splitlines()[0] == (
        "AI Status Tray: no display (DISPLAY and WAYLAND_DISPLAY are unset); showing the terminal view instead."
    )
    assert "Traceback" not in err
    assert out.strip().endswith("pystray not imported")
