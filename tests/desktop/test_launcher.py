"""Starting a window from the tray: the command, and what happens when it cannot show."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from trayapp.desktop import launcher


def test_the_command_is_this_python_or_the_binary_itself(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    config = tmp_path / "config.toml"
    assert launcher.command("details", config) == [sys.executable, "-m", "trayapp", "details"]
    config.write_text("poll_interval = 60\n")  # the tray's own file, once it has one
    assert launcher.command("details", config) == [
        sys.executable,
        "-m",
        "trayapp",
        "details",
        "--config",
        str(config),
    ]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert launcher.command("about", None) == [sys.executable, "about"]


def run_child(monkeypatch: pytest.MonkeyPatch, code: str) -> list[tuple[str, str]]:
    """Start a real child process with ``code`` as the window; wait for the tray's verdict."""
    monkeypatch.setattr(launcher, "command", lambda name, config: [sys.executable, "-c", code])
    failed: list[tuple[str, str]] = []
    done = threading.Event()
    real_watch = launcher._watch

    def watch(*args: object) -> None:
        real_watch(*args)  # type: ignore[arg-type]
        done.set()

    monkeypatch.setattr(launcher, "_watch", watch)
    launcher.start("details", None, lambda name, reason: failed.append((name, reason)))
    assert done.wait(30)
    return failed


def test_a_window_without_gtk_4_makes_the_tray_fall_back_with_its_reason(monkeypatch):
    code = (
        "import os, sys\n"
        f"assert os.environ['{launcher.FALLBACK_ENV}'] == '1'\n"
        "print('Gtk-WARNING noise', file=sys.stderr)\n"
        "print('GTK 4 and libadwaita are not installed\\n\\n', file=sys.stderr)\n"
        f"sys.exit({launcher.EX_UNAVAILABLE})\n"
    )
    assert run_child(monkeypatch, code) == [("details", "GTK 4 and libadwaita are not installed")]


def test_a_window_that_ran_and_closed_is_no_failure(monkeypatch):
    assert run_child(monkeypatch, "import sys; print('x' * 100000, file=sys.stderr)") == []
    monkeypatch.setattr(launcher, "START_GRACE", 0.0)
    assert run_child(monkeypatch, "import sys; sys.exit(1)") == []  # later: logged, no page


def test_a_window_that_dies_at_start_makes_the_tray_fall_back(monkeypatch):
    crash = "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"
    assert run_child(monkeypatch, crash) == [("details", "status -11")]
    broken = "raise ImportError('libgtk-4.so.1: cannot open shared object file')"
    [(_name, reason)] = run_child(monkeypatch, broken)
    assert reason == "ImportError: libgtk-4.so.1: cannot open shared object file"


def test_a_command_that_cannot_be_started_falls_back_at_once(monkeypatch):
    monkeypatch.setattr(launcher, "command", lambda name, config: ["/nonexistent/ai-status-tray"])
    failed: list[tuple[str, str]] = []
    launcher.start("details", None, lambda name, reason: failed.append((name, reason)))
    assert len(failed) == 1 and "No such file" in failed[0][1]
