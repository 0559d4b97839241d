"""The tray marked as a demo (title, menu, toasts, details page), the closing line, and the
settings a demo must leave alone."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.desktop.test_controller import FakeDesktop
from trayapp.core.model import State
from trayapp.core.notify_policy import Kind, Notification
from trayapp.demo.closing import closing_line
from trayapp.demo.marks import Announced, DemoEffects, with_banner
from trayapp.desktop.controller import Announcement
from trayapp.views.menu_model import Action, Entry

JAKARTA = ZoneInfo("Asia/Jakarta")
WHEN = datetime(2024, 12, 12, 6, 24, tzinfo=JAKARTA)
LABEL = "Demo: OpenAI, 11–12 December 2024 — replayed at 60×"


def marked() -> tuple[DemoEffects, FakeDesktop, Announced]:
    desktop = FakeDesktop()
    announced = Announced(lambda: WHEN)
    return DemoEffects(desktop, LABEL, announced), desktop, announced


def test_title_menu_and_notifications_say_demo_and_the_news_is_noted():
    effects, desktop, announced = marked()
    effects.set_title("ChatGPT: major outage")
    effects.set_menu((Entry("Show details…", Action("details")),))
    note = Notification(Kind.OUTAGE, "ChatGPT: major outage", "API, ChatGPT & Sora Facing Issues")
    effects.notify(Announcement(note.title, note.message, State.MAJOR_OUTAGE, note))
    effects.notify(Announcement.notice("AI Status Tray", "no tray"))  # the app's own word
    assert desktop.named("set_title") == ["Demo: ChatGPT: major outage"]
    (menu,) = desktop.named("set_menu")
    assert menu[0] == Entry(LABEL, enabled=False) and menu[1].text == "Show details…"
    first, second = desktop.named("notify")
    assert (first.title, first.message) == (
        "ChatGPT: major outage",
        "[Demo] API, ChatGPT & Sora Facing Issues",
    )
    assert first.state is State.MAJOR_OUTAGE and first.note is note
    assert second.message == "[Demo] no tray"
    assert announced.items == [(WHEN, "ChatGPT: major outage")]


def test_start_at_login_and_the_settings_file_are_left_alone(tmp_path: Path):
    effects, desktop, _ = marked()
    assert effects.set_autostart(True) is False
    assert effects.set_autostart(False) is True
    effects.open_settings(tmp_path / "config.toml")
    assert not (tmp_path / "config.toml").exists()
    assert [c for c, _a in desktop.calls] == ["notify"]
    (told,) = desktop.named("notify")
    # A short title (servers cut long ones), and how to reach the real settings.
    assert (told.title, told.message) == (
        "The demo leaves your settings alone",
        "To change them, run: ai-status-tray settings",
    )


def test_settings_open_no_window_in_the_demo_and_the_others_open_its_own(tmp_path: Path):
    effects, desktop, _ = marked()
    effects.show_window("settings")
    effects.show_window("details")
    effects.show_window("about")
    assert [c for c, _a in desktop.calls] == ["notify", "show_window", "show_window"]
    assert desktop.named("notify")[0].title == "The demo leaves your settings alone"
    assert desktop.named("show_window") == [("details", ""), ("about", "")]


def test_the_details_page_carries_the_label_escaped():
    page = with_banner("<html><body class='x'><h1>Details</h1></body></html>", "A <b> & C")
    assert page.startswith("<html><body class='x'><p ")
    assert "A &lt;b&gt; &amp; C</p><h1>Details</h1>" in page
    assert with_banner("no body", "L").endswith("L</p>no body")


def test_the_closing_line_says_what_was_announced_and_when_in_the_user_s_zone():
    later = datetime(2024, 12, 13, 0, 12, tzinfo=JAKARTA)
    line = closing_line(
        "OpenAI, 11–12 December 2024",
        [
            (WHEN, "ChatGPT: major outage"),
            (datetime(2024, 12, 13, 0, 2, tzinfo=JAKARTA), "ChatGPT is back — down 1 h 6 min"),
        ],
        later,
    )
    assert line == (
        "Demo over (OpenAI, 11–12 December 2024). Announced: “ChatGPT: major outage” at "
        "Dec 12 06:24 WIB; “ChatGPT is back — down 1 h 6 min” at 00:02 WIB."
    )
    assert closing_line("Quiet", [], later) == "Demo over (Quiet). Nothing was announced."
