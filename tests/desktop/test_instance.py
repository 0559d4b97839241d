"""Autostart entries, preferences, the single-instance lock, link opening, and start-up
without a display."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayapp.desktop.instance import AlreadyRunning, InstanceLock, running


def test_single_instance_lock(tmp_path: Path):
    first = InstanceLock(tmp_path / "run" / "instance.lock")
    first.acquire()
    with pytest.raises(AlreadyRunning):
        InstanceLock(tmp_path / "run" / "instance.lock").acquire()
    first.release()
    again = InstanceLock(tmp_path / "run" / "instance.lock")
    again.acquire()
    again.release()


def test_whether_a_tray_runs_is_read_without_taking_the_lock(tmp_path: Path):
    import subprocess
    import sys

    path = tmp_path / "run" / "instance.lock"
    assert not running(path)  # no file: no tray
    lock = InstanceLock(path)
    lock.acquire()
    assert running(path)
    assert running(path)  # asking twice took nothing: the tray still holds it alone
    lock.release()
    assert not running(path)
    # A tray that died without releasing: its process id is left, of a process that is gone.
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    ).stdout.strip()
    path.write_text(gone)
    assert not running(path)


def test_without_xdg_runtime_dir_the_lock_falls_back_without_a_warning_on_screen():
    """su and some SSH sessions have no XDG_RUNTIME_DIR: platformdirs falls back to
    /tmp/runtime-UID and warns with a source excerpt; that goes to the log only."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    env["PYTHONWARNINGS"] = "default"  # as a user's Python shows them, whatever pytest does
    code = "from trayapp.settings import paths; print(paths.runtime_dir())"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.strip().endswith("/ai-status-tray")
    assert result.stderr == ""
