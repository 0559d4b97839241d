"""The details page: escaped, self-contained, rendered by a real browser."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
from pathlib import Path

from tests.views.sample import NOW, SNAPSHOT
from trayapp.views import details


def test_details_page_is_self_contained_escaped_and_only_links_http():
    page = details.render(SNAPSHOT, NOW)
    assert "<script>" not in page
    assert html_lib.escape('<script>alert("x")</script>') in page
    assert "javascript:" not in page
    assert not re.search(r'(src|href)="(?!https?://|#)', page), "no local or network assets"
    assert "@media (prefers-color-scheme: dark)" in page
    assert 'href="https://chat.anthropic.example"' in page
    assert "status.cloud.google.com timed out" in page


def test_details_page_in_a_real_browser(tmp_path: Path):
    """Chromium renders the page: the text a user reads is there, links intact, no script ran."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is missing: run scripts/test, which installs it"
    page = tmp_path / "details.html"
    page.write_text(details.render(SNAPSHOT, NOW), encoding="utf-8")
    common = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60
    ).stdout
    assert "ChatGPT" in dom and "major outage" in dom and "We are on it." in dom
    assert "<script>" not in dom
    shot = tmp_path / "details.png"
    subprocess.run(
        [*common, f"--screenshot={shot}", "--window-size=900,900", page.as_uri()],
        capture_output=True,
        timeout=60,
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    artifacts = Path(__file__).parents[1] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    shutil.copy(shot, artifacts / "details.png")
