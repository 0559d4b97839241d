"""Autostart entries, preferences, the single-instance lock, link opening, and start-up
without a display."""

from __future__ import annotations

from pathlib import Path

import pytest

from trayapp.desktop.instance import AlreadyRunning, InstanceLock


def test_single_instance_lock(tmp_path: Path):
    first = InstanceLock(tmp_path / "run" / "instance.lock")
    first.acquire()
    with pytest.raises(AlreadyRunning):
        InstanceLock(tmp_path / "run" / "instance.lock").acquire()
    first.release()
    again = InstanceLock(tmp_path / "run" / "instance.lock")
    again.acquire()
    again.release()
