"""Autostart entries, preferences, the single-instance lock, link opening, and start-up
without a display."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_links_in_the_log_carry_no_credentials_or_tokens(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    import webbrowser

    def broken(url: str) -> bool:
        raise webbrowser.Error("no browser here")

    monkeypatch.setattr(webbrowser, "open", broken)
    with caplog.at_level("INFO", logger="trayapp"):
        assert opener.open_url("ftp://me:SECRET@files.example/x?token=TOKEN") is False
        assert opener.open_url("https://me:SECRET@status.example/x?token=TOKEN") is False
    assert [r.getMessage() for r in caplog.records] == [
        "refused to open a link that is not http(s): 'ftp://files.example/x'",
        "could not open a browser for https://status.example/x: no browser here",
    ]
