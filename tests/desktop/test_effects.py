"""The real effects: slow work (a browser that takes its time) never blocks the UI thread."""

from __future__ import annotations

import sys
import threading
import webbrowser
from pathlib import Path
from typing import Any

import pytest

from tests.statusserver import wait_for
from trayapp.desktop.effects import ShellEffects
from trayapp.settings.prefs import Prefs, load


class NoTray:
    def __getattr__(self, name: str) -> Any:
        return lambda *args: None


@pytest.fixture
def slow_browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A $BROWSER that records its URL, then waits until the test lets it finish."""
    record, release = tmp_path / "opened.txt", tmp_path / "release"
    script = tmp_path / "browser.py"
    script.write_text(
        f"#!{sys.executable}\nimport sys, time, pathlib\n"
        f"pathlib.Path({str(record)!r}).write_text(sys.argv[1])\n"
        f"while not pathlib.Path({str(release)!r}).exists():\n    time.sleep(0.05)\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # re-read $BROWSER
    return record, release


def test_opening_a_link_returns_while_the_browser_is_still_busy(slow_browser, tmp_path: Path):
    record, release = slow_browser
    effects = ShellEffects(NoTray(), tmp_path / "data", refresh=lambda: None, quit=lambda: None)
    try:
        effects.open_url("https://status.claude.com")  # returns at once
        assert not release.exists()
        # write_text creates the file before it writes: wait for its content, not its name.
        opened = lambda: record.exists() and record.read_text() == "https://status.claude.com"
        assert wait_for(opened, 10), "the browser was never started"
        # The page opens after the link, on the same worker, without blocking the caller.
        effects.open_page("<html><body>Claude</body></html>", "about")
        assert threading.current_thread() is threading.main_thread()
    finally:
        release.touch()
    assert wait_for(lambda: record.read_text().endswith("details.html#about"), 10)
    page = tmp_path / "data" / "details.html"
    assert page.read_text() == "<html><body>Claude</body></html>"
    effects.close()


def test_prefs_are_saved_in_the_background_and_in_order(tmp_path: Path):
    effects = ShellEffects(NoTray(), tmp_path, refresh=lambda: None, quit=lambda: None)
    for n in range(20):
        effects.save_prefs(Prefs(muted=frozenset({f"p{n}"})))
    assert wait_for(lambda: load(tmp_path / "prefs.json") == Prefs(muted=frozenset({"p19"})), 10)
    effects.close()
