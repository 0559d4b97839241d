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
