"""End to end: the details window on a virtual desktop, driven through its accessibility tree.

One desktop serves every check, in order (Xvfb, a private session bus, trayer, the AT-SPI bus,
a settings portal for light/dark, a loopback status server): the real tray is clicked, its
window opens in its own process and follows the tray live; its buttons act on the tray; a
second launch raises the same window; it reads at 360 px, follows the desktop's dark style and
ends its process when closed. Then, with no tray, ``details`` polls on its own, in Indonesian.
Screenshots of the window are written to tests/artifacts/ (scripts/screenshots copies them).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat

from tests.e2e.app_runner import (
    SUMMARY,
    app_env,
    close_windows,
    opened,
    start_app,
    stop,
    window_running,
)
from tests.e2e.atspi import Accessibility, Node
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.test_indonesian import ENGLISH as CLI_ENGLISH
from tests.statusserver import StatusServer, wait_for
from trayapp.core.identity import CONTROL_BUS_NAME, CONTROL_INTERFACE, CONTROL_PATH
from trayapp.version import version

pytestmark = pytest.mark.desktop

HERE = Path(__file__).parent
ARTIFACTS = HERE.parent / "artifacts"
APP = "ai-status-tray"  # the windows' name on the accessibility bus
TITLE = "AI Status Tray"
OPENAI = "/openai" + SUMMARY
# The window's own English, besides the command line's (tests/e2e/test_indonesian.py).
WINDOW_ENGLISH = [
    "Refresh now",
    "Mute",
    "Unmute",
    "watched components",
    "Last 7 days",
    "Last 90 days",
    "Open status page",
    "Open incident",
    "Latest update",
    "Use",
    "Chat services up now",
    "Checked",
    "The tray is not running",
    "since",
    "No outage recorded",
    "nothing observed",
    "day",
    "days",
]


@dataclass
class Live:
    tmp: Path
    server: StatusServer
    desktop: DesktopSession
    a11y: Accessibility
    app: subprocess.Popen[str]
    env: dict[str, str]

    def tree(self) -> Node:
        return self.a11y.tree(APP)

    def wait(self, check: Callable[[Node], Any], timeout: float = 40.0) -> Any:
        return self.a11y.wait_for(APP, check, timeout)

    def window_ids(self) -> list[str]:
        """The details window's X id (tooltips and popovers carry its title too): largest first."""

        def area(window: str) -> int:
            info = self.desktop.run("xwininfo", "-id", window)
            size = [
                int(line.split(":")[1])
                for line in info.splitlines()
                if "Width:" in line or "Height:" in line
            ]
            return size[0] * size[1]

        return sorted(self.desktop.windows(f"^{TITLE}$"), key=area, reverse=True)

    def focus(self) -> str:
        return self.desktop.run("xdotool", "getwindowfocus").strip()

    def window_pid(self) -> int | None:
        return self.tree().pid

    def tray(self, method: str, *args: Any) -> Any:
        """Call the running tray's control channel, as a window does."""
        import dbus

        bus = dbus.bus.BusConnection(self.env["DBUS_SESSION_BUS_ADDRESS"])
        try:
            tray = bus.get_object(CONTROL_BUS_NAME, CONTROL_PATH)
            return getattr(tray, method)(*args, dbus_interface=CONTROL_INTERFACE)
        finally:
            bus.close()

    def details(self) -> dict[str, Any]:
        """What the tray exports to its windows."""
        data: dict[str, Any] = json.loads(str(self.tray("GetDetails")))
        return data

    def command(self, *args: str, extra: dict[str, str] | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "trayapp", *args, "--config", str(self.tmp / "config.toml")],
            env={**self.env, **(extra or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def screenshot(self, artifact: str | None = None) -> Image.Image:
        """The window as drawn; kept in tests/artifacts/ under ``artifact`` when given."""
        self.desktop.run("xdotool", "mousemove", "799", "799")  # no hover, no tooltip
        time.sleep(0.5)
        path = self.tmp / "window.png"
        if artifact:
            ARTIFACTS.mkdir(exist_ok=True)
            path = ARTIFACTS / artifact
        self.desktop.run("import", "-window", self.window_ids()[0], str(path))
        return Image.open(path).convert("RGB")

    def desktop_style(self, dark: bool) -> None:
        """Switch the desktop's preference, as its settings do (through the portal)."""
        self.desktop.run(
            "dbus-send",
            "--session",
            "--type=method_call",
            "--dest=org.freedesktop.portal.Desktop",
            "/org/freedesktop/portal/desktop",
            "org.aistatustray.Test.SetColorScheme",
            f"uint32:{1 if dark else 0}",
        )


def card(tree: Node, provider: str) -> Node | None:
    return tree.find(role="panel", name=provider)


def text_of(node: Node | None) -> str:
    return node.all_text() if node is not None else ""


def luminance(image: Image.Image) -> float:
    return float(ImageStat.Stat(image.convert("L")).mean[0])


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("details-window")
    with (
        StatusServer() as server,
        DesktopSession(tmp, screen="800x800") as desktop,
        Accessibility(desktop) as a11y,
    ):
        portal = subprocess.Popen(
            [sys.executable, str(HERE / "portal_settings.py"), "0"],
            env=desktop.full_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        desktop.procs.append(portal)
        assert portal.stdout is not None and portal.stdout.readline().strip() == "ready"
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        server.set_fixture(OPENAI, "statuspage/healthy.json")
        app = start_app(desktop, tmp, server.url, backend=None, interval=3, second_provider=True)
        live = Live(tmp, server, desktop, a11y, app, app_env(desktop, tmp))
        try:
            yield live
        finally:
            for window in live.window_ids():
                subprocess.run(["xdotool", "windowclose", window], env=live.env, check=False)
            stop(app)


def test_a_left_click_opens_the_window_with_what_the_tray_exported(live: Live):
    where = wait_for(lambda: live.desktop.icon_window(APP), 30)
    assert where, "the tray icon never docked"
    x, y, w, h = where
    # Wait for the tray's first poll, so the window has something to show at once.
    wait_for(lambda: live.details()["overall"] == "operational", 30)
    live.desktop.click(x + w // 2, y + h // 2, 1)
    tree = live.wait(lambda t: t if card(t, "ChatGPT") and card(t, "Claude") else None)
    frames = tree.find_all(role="frame")
    assert [f.name for f in frames] == [TITLE]
    exported = live.details()
    for provider in exported["providers"]:
        shown = card(tree, provider["name"])
        assert shown is not None
        assert f"{provider['state']} since" in shown.all_text()  # the state, with since when
        assert shown.find(role="label", name=provider["state"])  # the icon's glyph, named
        for component in provider["components"]:
            assert f"{component['name']}: {component['state']}" in shown.all_text()
    assert tree.find(role="push button", name="Refresh now")


def test_an_outage_shows_within_one_poll_while_the_window_stays_open(live: Live):
    pid = live.window_pid()
    live.server.set_fixture(SUMMARY, "statuspage/outage.json")
    live.wait(lambda t: "major outage since" in text_of(card(t, "Claude")))
    claude = card(live.tree(), "Claude")
    assert claude is not None
    said = claude.all_text()
    assert "Claude API unavailable" in said  # the open incident, its latest update as written
    assert "Latest update: We have identified the cause & are deploying a fix." in said
    assert claude.find(role="push button", name="Open the incident “Claude API unavailable”")
    assert claude.find(role="push button", name="Open ChatGPT instead")  # up now, to use
    assert claude.find(role="push button", name="Open the status page of Claude")
    assert live.window_pid() == pid  # the same window, never reopened
    shot = live.screenshot("details-window.png")
    assert luminance(shot) > 150, "the window is not light on a light desktop"


def test_the_window_follows_the_desktop_into_dark_style(live: Live):
    light = luminance(Image.open(ARTIFACTS / "details-window.png"))
    live.desktop_style(dark=True)
    deadline = time.monotonic() + 20
    while luminance(dark := live.screenshot("details-window-dark.png")) > 100:
        assert time.monotonic() < deadline, "the window stayed light in a dark desktop"
        time.sleep(0.5)
    assert luminance(dark) < light - 60
    live.desktop_style(dark=False)
    wait_for(lambda: luminance(live.screenshot()) > 150, 20)  # and back


def test_the_window_is_readable_at_360_px(live: Live):
    window = live.window_ids()[0]
    live.desktop.run("xdotool", "windowsize", "--sync", window, "360", "470")
    width = 360

    def fits(tree: Node) -> list[str]:
        frame = tree.find(role="frame")
        if frame is None or frame.extents is None or frame.extents[2] > width:
            return [f"(not resized yet: {frame.extents if frame else None})"]
        right = frame.extents[0] + frame.extents[2]
        return [
            f"{n.role} {n.name!r} {n.extents}"
            for n in tree.walk()
            if n.showing
            and n.extents is not None
            and n.role in ("label", "push button")
            and (n.extents[0] < frame.extents[0] or n.extents[0] + n.extents[2] > right)
        ]

    deadline = time.monotonic() + 20
    while outside := fits(live.tree()):
        assert time.monotonic() < deadline, f"cut off at {width} px: {outside}"
        time.sleep(0.5)
    live.screenshot("details-window-narrow.png")
    live.desktop.run("xdotool", "windowsize", "--sync", window, "480", "470")


def test_refresh_in_the_window_polls_the_running_tray(live: Live):
    # No regular poll for ten minutes from now: only the button can bring news.
    config = live.tmp / "config.toml"
    text = config.read_text().replace("poll_interval = 3", "poll_interval = 600")
    hits = live.server.hits[SUMMARY]
    config.write_text("cheap_poll_interval = 600\n" + text)
    wait_for(lambda: live.server.hits[SUMMARY] > hits, 20)  # the new settings' first poll
    time.sleep(1)
    live.server.set_fixture(SUMMARY, "statuspage/healthy.json")
    assert live.a11y.click(APP, "Refresh now")
    live.wait(lambda t: "operational since" in text_of(card(t, "Claude")))


def test_mute_and_unmute_in_the_window_act_on_the_running_tray(live: Live):
    prefs = live.tmp / "home" / "data" / "ai-status-tray" / "prefs.json"

    def tray_says_muted() -> bool:
        return bool(next(p for p in live.details()["providers"] if p["id"] == "claude")["muted"])

    assert live.a11y.click(APP, "Mute notifications for Claude")
    live.wait(lambda t: t.find(role="push button", name="Unmute notifications for Claude"))
    assert tray_says_muted()
    wait_for(lambda: prefs.exists() and json.loads(prefs.read_text())["muted"] == ["claude"], 10)
    assert live.a11y.click(APP, "Unmute notifications for Claude")
    live.wait(lambda t: t.find(role="push button", name="Mute notifications for Claude"))
    assert not tray_says_muted()
    wait_for(lambda: json.loads(prefs.read_text())["muted"] == [], 10)


def test_the_keyboard_reaches_every_control_and_refreshes(live: Live):
    window = live.window_ids()[0]
    live.desktop.run("xdotool", "windowfocus", "--sync", window)
    wanted = {
        "Refresh now",
        "Open the status page of Claude",
        "Mute notifications for Claude",
        "Open the status page of ChatGPT",
        "Mute notifications for ChatGPT",
    }
    focused: set[str] = set()
    for _ in range(30):  # every control is a Tab away, in order
        live.desktop.key("Tab")
        focused |= {n.name for n in live.tree().walk() if "focused" in n.states}
        if wanted <= focused:
            break
    assert wanted <= focused, focused
    hits = live.server.hits[SUMMARY]
    live.desktop.key("ctrl+r")
    wait_for(lambda: live.server.hits[SUMMARY] > hits, 20)


def test_a_second_launch_raises_the_same_window(live: Live):
    pid = live.window_pid()
    cover = subprocess.Popen(["xmessage", "-geometry", "800x800+0+0", "cover"], env=live.env)
    live.desktop.procs.append(cover)
    covering = wait_for(lambda: live.desktop.windows("^xmessage$"), 10)[0]
    live.desktop.run("xdotool", "windowfocus", "--sync", covering)
    again = live.command("details")
    assert again.wait(timeout=60) == 0, again.communicate()
    window = live.window_ids()[0]
    wait_for(lambda: live.focus() == window, 10)
    stacking = live.desktop.run("xwininfo", "-root", "-children")
    assert stacking.index(hex(int(window))) < stacking.index(hex(int(covering)))  # on top
    assert live.window_pid() == pid
    assert [f.name for f in live.tree().find_all(role="frame")] == [TITLE]
    # The tray's own click raises it too, without a new process (GApplication's D-Bus action).
    where = live.desktop.icon_window(APP)
    assert where is not None
    live.desktop.run("xdotool", "windowfocus", "--sync", covering)
    x, y, w, h = where
    live.desktop.click(x + w // 2, y + h // 2, 1)
    wait_for(lambda: live.focus() == window, 10)
    assert live.window_pid() == pid
    cover.terminate()


def test_closing_the_window_ends_its_process_and_the_tray_goes_on(live: Live):
    pid = live.window_pid()
    assert pid is not None
    live.desktop.run("xdotool", "windowfocus", "--sync", live.window_ids()[0])
    live.desktop.key("Escape")
    wait_for(lambda: not Path(f"/proc/{pid}").exists(), 20)
    assert live.app.poll() is None
    assert live.details()["overall"] == "operational"


def test_about_opens_from_the_tray_with_the_version(live: Live):
    live.tray("ShowWindow", "about")  # what the menu's About does
    about = live.wait(lambda t: t if version() in t.all_text() else None)
    said = about.all_text()
    assert "The health of the AI tools you depend on, in your system tray." in said
    assert "AI Status Tray contributors" in said
    close_windows(live.env)
    wait_for(lambda: not window_running(live.env), 20)


def test_without_a_tray_details_polls_on_its_own_in_indonesian(live: Live):
    stop(live.app)
    live.server.set_fixture(SUMMARY, "statuspage/outage.json")
    window = live.command("details", extra={"LANG": "id_ID.UTF-8"})
    try:
        claude = live.wait(
            lambda t: (
                card(t, "Claude")
                if re.search("gangguan besar (setidaknya )?sejak", t.all_text())
                else None
            ),
            60,
        )
        tree = live.tree()
        said = tree.all_text()
        assert "Baki tidak berjalan: jendela ini memeriksa halaman sendiri." in said
        assert re.search(r"Diperiksa \d{2}\.\d{2} WIB", said), said
        assert claude.find(role="push button", name="Bisukan notifikasi untuk Claude")
        assert _english(said) == [], said
        live.screenshot("details-window-id.png")
    finally:
        window.terminate()
        window.wait(timeout=20)


def _english(text: str) -> list[str]:
    # The page's own words stay as written; GTK's window buttons are GTK's, not ours.
    for page_words in ("Claude API unavailable", "investigating", "Minimize", "Maximize", "Close"):
        text = text.replace(page_words, "")
    text = re.sub(r"We have identified the cause & are deploying a fix\.", "", text)
    for component in ("claude.ai", "Claude Console (platform.claude.com)", "Claude Code"):
        text = text.replace(component, "")
    text = text.replace("Claude API (api.anthropic.com)", "")
    words = [*CLI_ENGLISH, *WINDOW_ENGLISH]
    return re.findall("|".join(rf"\b{re.escape(w)}\b" for w in words), text)


def test_where_no_window_can_open_the_page_opens_instead_saying_why(live: Live):
    """GTK 4 missing (PYTHONPATH hides it): the tray's click and ``details`` open the page."""
    hidden = {"PYTHONPATH": str(HERE / "without_gtk4")}
    page = live.tmp / "home" / "data" / "ai-status-tray" / "details.html"
    tray = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "--config", str(live.tmp / "config.toml")],
        env={**live.env, **hidden},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        where = wait_for(lambda: live.desktop.icon_window(APP), 30)
        wait_for(lambda: live.details()["overall"] is not None, 30)  # its first poll landed
        x, y, w, h = where
        live.desktop.click(x + w // 2, y + h // 2, 1)
        wait_for(lambda: any("details.html" in line for line in opened(live.tmp)), 30)
        text = page.read_text(encoding="utf-8")
        assert "The window could not open (GTK 4 and libadwaita are not installed" in text
        assert "Claude" in text and "major outage" in text  # the tray's own, live state
    finally:
        stop(tray)
    page.unlink()
    command = live.command("details", extra=hidden)
    _out, err = command.communicate(timeout=60)
    assert command.returncode == 0, err
    assert "the window could not open (GTK 4 and libadwaita are not installed" in err
    assert "The window could not open" in page.read_text(encoding="utf-8")  # one poll of its own
