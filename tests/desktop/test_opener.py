"""Autostart entries, preferences, the single-instance lock, link opening, and start-up
without a display."""

from __future__ import annotations

import os
import queue
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.statusserver import wait_for
from trayapp.desktop import opener


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


def test_a_browser_gets_none_of_our_streams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A browser can run for hours: it must not hold (or write into) the pipe a window process
    writes its last words to, which the tray reads."""
    record = tmp_path / "streams.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"#!{sys.executable}\nimport os, sys\n"
        "streams = [os.readlink(f'/proc/self/fd/{fd}') for fd in (0, 1, 2)]\n"
        f"open({str(record)!r}, 'w').write(' '.join(streams))\n"
        "print('chatter'); print('noise', file=sys.stderr)\n"
    )
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    import webbrowser

    monkeypatch.setattr(webbrowser, "_tryorder", None)  # re-read $BROWSER
    assert opener.open_url("https://claude.ai") is True
    assert record.read_text().split() == ["/dev/null"] * 3


def test_links_in_the_log_carry_no_credentials_or_tokens(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    import webbrowser

    def broken(using: str | None = None) -> object:
        raise webbrowser.Error("no browser here")

    monkeypatch.setattr(webbrowser, "get", broken)
    with caplog.at_level("INFO", logger="trayapp"):
        assert opener.open_url("ftp://me:SECRET@files.example/x?token=TOKEN") is False
        assert opener.open_url("https://me:SECRET@status.example/x?token=TOKEN") is False
    assert [r.getMessage() for r in caplog.records] == [
        "refused to open a link that is not http(s): 'ftp://files.example/x'",
        "could not open a browser for https://status.example/x: no browser here",
    ]


@pytest.mark.parametrize(
    ("script", "said"),
    [
        ('echo "x-terminal-emulator: not found" >&2\nexit 4', "x-terminal-emulator: not found"),
        ("exit 3", "xdg-open exited with status 3"),
    ],
)
def test_a_file_nothing_opens_is_said_and_no_zombie_is_left(
    script: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # A real xdg-open that fails as it does on a desktop with no application for the file.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "xdg-open").write_text(f'#!/bin/sh\necho "$1" > {tmp_path / "asked"}\n{script}\n')
    (bin_dir / "xdg-open").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    settings = tmp_path / "config.toml"
    settings.write_text("")
    failed = queue.Queue[str]()
    assert opener.open_file(settings, failed.put) is True
    assert failed.get(timeout=20) == said
    assert (tmp_path / "asked").read_text().strip() == str(settings)
    children = Path(f"/proc/{os.getpid()}/task/{threading.get_native_id()}/children")
    zombies = [
        pid
        for pid in children.read_text().split()
        if "State:\tZ" in Path(f"/proc/{pid}/status").read_text()
    ]
    assert zombies == []


def test_a_file_that_opens_is_not_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "xdg-open").write_text(f'#!/bin/sh\necho "$1" > {tmp_path / "asked"}\n')
    (bin_dir / "xdg-open").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    failed: list[str] = []
    assert opener.open_file(tmp_path / "config.toml", failed.append) is True
    assert wait_for(lambda: (tmp_path / "asked").exists(), 20)
    time.sleep(0.5)
    assert failed == []
