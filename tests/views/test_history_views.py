"""History in the views: menu lines, details-page bars (in a real browser), text figures."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from tests.views.history_sample import EVIL, history
from tests.views.sample import NOW, SNAPSHOT, provider
from trayapp.core.aggregate import build_snapshot
from trayapp.core.history import WINDOWS, Outage, ProviderHistory, Share
from trayapp.core.model import State
from trayapp.views import details
from trayapp.views.history import coarse_ago, last_outage_text, percent, table, uptime_text
from trayapp.views.menu_model import MenuState, build

HISTORIES = {
    "openai": history(
        "openai",
        "ChatGPT",
        NOW,
        problems=[(3, 45, State.MAJOR_OUTAGE, EVIL), (60, 120, State.PARTIAL_OUTAGE, None)],
        blind_days=(10,),
    ),
    "anthropic": history("anthropic", "Claude", NOW),
}


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "—"), (100.0, "100 %"), (99.999, "99.99 %"), (99.8234, "99.82 %"), (0.0, "0.00 %")],
)
def test_percent_never_rounds_a_problem_up_to_100(value: float | None, text: str):
    assert percent(value) == text


def test_menu_lines_for_uptime_and_the_last_outage():
    week = 7 * 86400
    assert uptime_text(Share(99.8234, 100.0, week), 7) == "7-day uptime 99.82 %"
    assert uptime_text(Share(100.0, 50.0, week), 7) == (
        "7-day uptime 100 % (observed for 3 d 12 h of 7 days)"
    )
    assert uptime_text(Share(None, 0.0, week), 7) == "7-day uptime: nothing observed"
    # The trial's case: 2 minutes watched, one of them down. No "50 %", no "observed 0 %".
    assert uptime_text(Share(50.0, 100 * 120 / week, week), 7) == (
        "7-day uptime: not enough data yet (observed for 2 min of 7 days)"
    )
    chatgpt = HISTORIES["openai"]
    assert last_outage_text(chatgpt, NOW) == "last outage 3 days ago, 45 min"
    assert last_outage_text(HISTORIES["anthropic"], NOW) == "no outage in 90 days"
    ongoing = type(chatgpt)(
        "x", "X", chatgpt.uptime, (), (Outage(State.DEGRADED, NOW - timedelta(minutes=12), None),)
    )
    assert last_outage_text(ongoing, NOW) == "down for 12 min"
    assert coarse_ago(NOW - timedelta(hours=25), NOW) == "1 day ago"
    assert coarse_ago(NOW - timedelta(minutes=130), NOW) == "2 h ago"
    assert coarse_ago(NOW - timedelta(minutes=5), NOW) == "5 min ago"


def test_each_provider_submenu_shows_its_7_day_uptime_and_last_outage():
    menu = build(SNAPSHOT, MenuState(history=HISTORIES), NOW)
    chatgpt = next(e for e in menu if "ChatGPT" in e.text)
    texts = [c.text for c in chatgpt.children]
    index = texts.index("last outage 3 days ago, 45 min")
    assert texts[index - 1].startswith("7-day uptime 99.")
    assert texts[index + 1 :] == ["-", "Open status page", "Mute notifications"]
    gemini = next(e for e in menu if "Gemini" in e.text)  # no history yet: nothing added
    assert not any("uptime" in c.text for c in gemini.children)
    assert build(SNAPSHOT, MenuState(), NOW) != menu


def test_the_history_lines_do_not_change_between_polls():
    """A tick between polls must not change the menu: "ago" counts to the last check."""
    today = {"openai": history("openai", "ChatGPT", NOW, [(0, 60, State.MAJOR_OUTAGE, None)])}
    providers = build(SNAPSHOT, MenuState(history=today), NOW)[2:]  # after the header
    for later in (timedelta(seconds=30), timedelta(minutes=5), timedelta(hours=2)):
        assert build(SNAPSHOT, MenuState(history=today), NOW + later)[2:] == providers


def test_details_page_has_a_bar_of_90_days_with_tooltips_and_the_last_outages():
    page = details.render(SNAPSHOT, NOW, history=HISTORIES)
    section = page.split('id="p-openai"')[1].split("</section>")[0]
    cells = re.findall(r'<span class="(s-[a-z_]+)( old)?" title="([^"]*)"', section)
    assert len(cells) == 90
    assert sum(1 for c in cells if c[1]) == 60, "all but the last 30 days fold on narrow screens"
    assert cells[-4][0] == "s-major_outage"
    tip = html_lib.unescape(cells[-4][2])
    assert tip.splitlines() == [
        (NOW - timedelta(days=3)).date().isoformat(),
        "worst: major outage",
        "1 outage",
        '· 45 min major outage: "API" errors',  # page text is cleaned of markup
        "observed 100 % of the day",
    ]
    assert cells[-11][0] == "s-none" and "nothing observed" in html_lib.unescape(cells[-11][2])
    assert cells[-61][0] == "s-partial_outage" and cells[-61][1] == " old"
    assert "<img" not in page and "onerror" not in page
    assert "Uptime: 1 d 100 % · 7 d 99.55 % · 30 d 99.89 % · 90 d 99.94 %" in section
    assert "observed for 89 d of 90 days" in section
    # 45 min of major outage and 2 h of partial at 30 %: 81 min of 89 days
    assert "45 min · major outage — " in section
    claude = page.split('id="p-anthropic"')[1].split("</section>")[0]
    assert "No outage recorded." in claude
    assert 'id="p-gemini"' in page and "Daily status" not in page.split('id="p-gemini"')[1]


def chromium_shot(page: Path, out: Path, width: int, dark: bool, profile: Path) -> Image.Image:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is missing: run scripts/test, which installs it"
    args = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--screenshot={out}",
        f"--window-size={width},1000",
    ]
    if dark:
        args.append("--force-dark-mode")
    subprocess.run([*args, page.as_uri()], capture_output=True, timeout=60)
    assert out.exists(), "chromium wrote no screenshot"
    artifacts = Path(__file__).parents[1] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    shutil.copy(out, artifacts / out.name)
    return Image.open(out).convert("RGB")


def count(image: Image.Image, colour: tuple[int, int, int], slack: int = 12) -> int:
    total = 0
    for n, pixel in image.getcolors(maxcolors=1 << 24) or []:
        assert isinstance(pixel, tuple)
        if all(abs(a - b) <= slack for a, b in zip(pixel, colour, strict=True)):
            total += n
    return total


RED, ORANGE_LIGHT, BG_LIGHT, BG_DARK = (214, 43, 43), (208, 104, 0), (247, 247, 248), (22, 22, 24)


def test_history_bars_in_a_real_browser_light_dark_and_narrow(tmp_path: Path):
    """Chromium draws the bars: red for the outage 3 days ago, orange for the one 60 days ago,
    which folds away on a narrow window; dark mode follows the system."""
    now = datetime(2026, 11, 20, 14, 7, tzinfo=UTC)
    calm = build_snapshot([provider("openai", "ChatGPT", State.OPERATIONAL)], now)
    page = tmp_path / "history.html"
    page.write_text(details.render(calm, now, history=HISTORIES), encoding="utf-8")
    wide = chromium_shot(page, tmp_path / "details-history.png", 900, False, tmp_path / "p1")
    assert count(wide, BG_LIGHT) > 100_000
    assert count(wide, RED) > 50, "the outage day 3 days ago is a red cell"
    assert count(wide, ORANGE_LIGHT) > 50, "the partial outage 60 days ago is an orange cell"
    dark = chromium_shot(page, tmp_path / "details-history-dark.png", 900, True, tmp_path / "p2")
    assert count(dark, BG_DARK) > 100_000, "dark background when the system is dark"
    assert count(dark, RED) > 50
    narrow = chromium_shot(
        page, tmp_path / "details-history-narrow.png", 380, False, tmp_path / "p3"
    )
    assert narrow.width <= 400
    assert count(narrow, RED) > 20, "the last 30 days stay on a narrow window"
    assert count(narrow, ORANGE_LIGHT) == 0, "older days fold away rather than shrink to slivers"


def test_the_table_gives_no_figure_for_minutes_of_watching():
    watched = {n: Share(50.0, 100 * 120 / (n * 86400), n * 86400) for n in WINDOWS}
    short = ProviderHistory("acme", "Acme", watched, (), ())
    out = table([short], NOW, 90)
    row = next(line for line in out.splitlines() if line.startswith("  Acme"))
    assert row.split()[1:5] == ["—"] * 4 and "50" not in row
    assert out.splitlines()[-1] == "— : less than an hour observed, too little for a figure."
    assert last_outage_text(short, NOW) == "no outage seen yet"
