"""Starting a window from the tray: the command, and what happens when it cannot show."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

import pytest

from trayapp.desktop import launcher


def test_the_command_is_this_python_with_the_tray_s_file_and_the_provider(tmp_path: Path):
    config = tmp_path / "config.toml"
    assert launcher.command("details", config) == [sys.executable, "-m", "trayapp", "details"]
    config.write_text("poll_interval = 60\n")  # the tray's own file, once it has one
    assert launcher.command("details", config, "claude") == [
        sys.executable,
        "-m",
        "trayapp",
        "details",
        "--config",
        str(config),
        "claude",
    ]


def test_the_single_file_binary_knows_at_once_that_no_window_opens(
    monkeypatch: pytest.MonkeyPatch,
):
    assert launcher.windows_possible()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert not launcher.windows_possible()  # the tray decides once: no process per click


def run_child(monkeypatch: pytest.MonkeyPatch, code: str) -> list[tuple[str, str]]:
    """Start a real child process with ``code`` as the window; wait for the tray's verdict."""
    monkeypatch.setattr(
        launcher, "command", lambda name, config, provider: [sys.executable, "-c", code]
    )
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
    monkeypatch.setattr(
        launcher, "command", lambda name, config, provider: ["/nonexistent/ai-status-tray"]
    )
    failed: list[tuple[str, str]] = []
    launcher.start("details", None, lambda name, reason: failed.append((name, reason)))
    assert len(failed) == 1 and "No such file" in failed[0][1]


def test_a_window_that_ended_is_reaped_while_a_program_it_started_holds_its_stderr(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    """A browser started from the window inherits nothing, but anything that does (here a
    sleeping child) must not keep the ended window a zombie, nor hide its last words."""
    holder = tmp_path / "holder.pid"
    code = (
        "import subprocess, sys\n"
        "child = subprocess.Popen(['sleep', '60'])\n"  # inherits stderr: the tray's pipe
        f"open({str(holder)!r}, 'w').write(str(child.pid))\n"
        "print('no display to open a window on', file=sys.stderr, flush=True)\n"
        f"sys.exit({launcher.EX_UNAVAILABLE})\n"
    )
    monkeypatch.setattr(launcher, "LAST_WORDS", 0.5)
    try:
        assert run_child(monkeypatch, code) == [("details", "no display to open a window on")]
    finally:
        if holder.exists():
            os.kill(int(holder.read_text()), signal.SIGTERM)
