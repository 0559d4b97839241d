"""The details page in Indonesian, in a real browser: lang set, the user's words, a layout that
holds at a phone's width with the longer Indonesian strings."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from tests.views.sample import NOW, SNAPSHOT
from trayapp.settings.language import apply
from trayapp.views import details

ARTIFACTS = Path(__file__).parents[1] / "artifacts"


@pytest.fixture
def indonesian() -> Iterator[None]:
    apply("id")
    yield
    apply("en")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "chromium is missing: run scripts/test, which installs it"
    return subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_page_in_indonesian_holds_at_narrow_widths(indonesian: None, tmp_path: Path):
    now = NOW.astimezone(ZoneInfo("Asia/Jakarta"))
    page = tmp_path / "details.html"
    page.write_text(details.render(SNAPSHOT, now), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert '<html lang="id">' in dom
    for words in ("gangguan besar", "beroperasi normal", "Diperiksa", "WIB", "Halaman status"):
        assert words in dom, words
    assert "We are on it." in dom  # the page's own words are kept as written
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (360, 900):
        shot = tmp_path / f"details-id-{width}.png"
        chromium(tmp_path, f"--screenshot={shot}", f"--window-size={width},1400", page.as_uri())
        assert shot.exists(), f"no screenshot at {width} px"
        shutil.copy(shot, ARTIFACTS / f"details-id-{width}.png")
        image = Image.open(shot).convert("RGB")
        # The body keeps a 24 px margin: if anything overflowed the window, text or a card
        # would be drawn into the right-hand margin instead of the page background.
        margin = image.crop((width - 10, 0, width, image.height))
        colours = margin.getcolors(maxcolors=4096) or []
        background = max(colours)[1]
        stray = sum(count for count, colour in colours if colour != background)
        assert stray == 0, f"{stray} pixels drawn into the margin at {width} px"
