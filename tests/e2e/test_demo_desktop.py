"""Every demo scenario, end to end on one virtual desktop (xfce4-panel, whose systray hosts the
app's StatusNotifierItem, and the notification recorder): the real ``ai-status-tray demo`` at a
high speed, watched as the panel reads it while it runs.

What a newcomer is promised: the icon takes the outage's colour, the outage and recovery
notifications arrive with their durations (true to the real day within a few polls), "Use
instead" offers exactly the providers that are up at that moment of the replay (and says so
when none is), times read in the user's zone (Jakarta here), everything is marked as a demo,
and nothing lands in the user's files.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dbus
import pytest

from tests.e2e.desktop_session import DesktopSession
from tests.e2e.sni_probe import SniProbe, find, labels
from tests.statusserver import wait_for

pytestmark = pytest.mark.desktop

NONE_UP = "No other chat service is fully up right now"
MIN_REAL_POLL = 0.5  # trayapp.demo.run: polls are this far apart in real time, at least


@dataclass(frozen=True)
class Expected:
    speed: int
    colour: str  # the icon's colour at the worst moment
    # (title prefix, minutes the real day says it lasted or None, "Meanwhile" text or None)
    notes: tuple[tuple[str, int | None, str | None], ...]
    since: str  # the first incident's start in the menu, in Jakarta time
    phases: tuple[frozenset[str], ...] = ()  # "Use instead" sets that must be seen

    @property
    def tolerance(self) -> float:
        """Minutes a duration may be off: the replay's polls are this far apart, and a
        loaded machine may miss one or two."""
        return max(15.0, 4 * self.speed * MIN_REAL_POLL / 60)


SCENARIOS = {
    # 16:04-16:34 PT = 07:04 WIB on 9 November.
    "chatgpt-nov-2024": Expected(
        speed=300,
        colour="red",
        notes=(
            ("ChatGPT: major outage", None, "Meanwhile: Claude or Gemini"),
            ("ChatGPT is back — down ", 30, None),
        ),
        since="since 07:04",
        phases=(frozenset({"Claude", "Gemini"}), frozenset({"ChatGPT", "Claude", "Gemini"})),
    ),
    # 15:23 PST = 06:23 WIB; back at 19:38 (4 h 15 min); the next morning 07:46-08:52.
    "openai-dec-2024": Expected(
        speed=600,
        colour="red",
        notes=(
            ("ChatGPT: major outage", None, "Meanwhile: Claude or Gemini"),
            ("ChatGPT is back — down ", 255, None),
            ("ChatGPT: partial outage", None, "Meanwhile: Claude or Gemini"),
            ("ChatGPT is back — down ", 66, None),
        ),
        since="since 06:23",
        phases=(frozenset({"Claude", "Gemini"}),),
    ),
    # 06:24-08:48 WIB.
    "openai-jul-2025": Expected(
        speed=600,
        colour="red",
        notes=(
            ("ChatGPT: major outage", None, "Meanwhile: Claude or Gemini"),
            ("ChatGPT is back — down ", 144, None),
        ),
        since="since 06:24",
        phases=(frozenset({"Claude", "Gemini"}),),
    ),
    # Claude 15:04-16:40 ET, ChatGPT 15:20-18:24 ET (fine-tuning degraded after 17:14);
    # 15:04 ET = 03:04 WIB on 4 February. Both pages said "partial outage": orange.
    "openai-anthropic-feb-2026": Expected(
        speed=300,
        colour="orange",
        notes=(
            ("Claude: partial outage", None, "Meanwhile: ChatGPT"),
            ("ChatGPT: partial outage", None, ""),  # nothing is up: no "Meanwhile"
            ("Claude is back — down ", 96, None),
            ("ChatGPT is back — down ", 184, None),
        ),
        since="since 03:04",
        phases=(frozenset({NONE_UP}), frozenset({"Claude"})),
    ),
}


@dataclass
class Sample:
    title: str
    top: list[str]
    every: list[str]  # every label of the menu, submenus included
    rows: dict[str, str]  # provider name -> its state's symbol
    use_instead: frozenset[str]


@dataclass
class Replay:
    returncode: int
    stdout: str
    stderr: str
    samples: list[Sample] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)
    notifications: list[dict[str, Any]] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)  # what the browser was asked to open
    details: str = ""  # the details page as it was opened


BROWSER = """#!{python}
import shutil, sys, urllib.parse
url = sys.argv[1]
with open({log!r}, "a") as log:
    log.write(url + "\\n")
if url.startswith("file://"):
    shutil.copy(urllib.parse.urlsplit(url).path, {copy!r})
"""


def click_during_the_outage(probe: SniProbe, labels_to_click: list[str]) -> bool:
    """Click each menu entry once the menu shows a provider in trouble; True once done."""
    _, root = probe.layout()
    if not any(label.startswith(("✖", "◆")) for label in labels(root)):
        return False
    for wanted in labels_to_click:
        entry = find(root, wanted)
        assert entry is not None, (wanted, labels(root))
        probe.click(entry["id"])
    return True


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DesktopSession]:
    with DesktopSession(tmp_path_factory.mktemp("demo-desktop"), host="xfce") as session:
        yield session


def flatten(node: dict[str, Any]) -> list[str]:
    found = []
    for child in node["children"]:
        found.append(str(child.get("label", "")))
        found += flatten(child)
    return found


def sample(probe: SniProbe) -> Sample:
    title = str(probe.item_properties()["Title"])
    _, root = probe.layout()
    top = labels(root)
    rows = {}
    for label in top:
        match = re.match(r"^([✔⚙▲◆✖?⊘]) (.+?) — ", label)
        if match:
            rows[match.group(2)] = match.group(1)
    use = find(root, "Use instead")
    return Sample(
        title=title,
        top=top,
        every=flatten(root),
        rows=rows,
        use_instead=frozenset(labels(use)) if use else frozenset(),
    )


def replay(desktop: DesktopSession, home: Path, name: str, speed: int, clicks: list[str]) -> Replay:
    """Run the demo to its end, sampling its item, menu and icon as the panel shows them, and
    clicking ``clicks`` in its menu during the outage."""
    dirs = {
        "HOME": home,
        "XDG_CONFIG_HOME": home / "config",
        "XDG_DATA_HOME": home / "data",
        "XDG_STATE_HOME": home / "state",
        "XDG_CACHE_HOME": home / "cache",
        "XDG_RUNTIME_DIR": home / "run",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    browser = home / "browser.py"
    browser.write_text(
        BROWSER.format(
            python=sys.executable, log=str(home / "opened.txt"), copy=str(home / "details.html")
        )
    )
    browser.chmod(0o755)
    env = {
        **desktop.full_env(),
        **{k: str(v) for k, v in dirs.items()},
        "TZ": "Asia/Jakarta",
        "BROWSER": str(browser),
    }
    env.pop("PYSTRAY_BACKEND", None)
    told_before = len(desktop.notifications())
    app = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "demo", "--scenario", name, "--speed", str(speed)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    probe = SniProbe(desktop.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
    result = Replay(0, "", "")
    try:
        assert wait_for(probe.is_registered, 30), probe.registered()
        shot_at = 0.0
        ends = time.monotonic() + 240
        while app.poll() is None and time.monotonic() < ends:
            with contextlib.suppress(dbus.exceptions.DBusException):  # gone at the end
                result.samples.append(sample(probe))
                if clicks and click_during_the_outage(probe, clicks):
                    clicks = []
            if time.monotonic() - shot_at > 0.8:
                shot_at = time.monotonic()
                colour = desktop.panel_colour()
                if colour:
                    result.colours.append(colour)
            time.sleep(0.2)
        out, err = app.communicate(timeout=30)
    finally:
        probe.close()
        if app.poll() is None:
            app.kill()
            app.communicate()
    result.returncode, result.stdout, result.stderr = app.returncode, out, err
    result.notifications = desktop.notifications()[told_before:]
    opened = home / "opened.txt"
    result.opened = opened.read_text().splitlines() if opened.exists() else []
    details = home / "details.html"
    result.details = details.read_text(encoding="utf-8") if details.exists() else ""
    return result


def minutes(text: str) -> int:
    """``4 h 15 min`` -> 255."""
    hours = re.search(r"(\d+) h", text)
    mins = re.search(r"(\d+) min", text)
    return (int(hours.group(1)) * 60 if hours else 0) + (int(mins.group(1)) if mins else 0)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_scenario_replays_on_the_panel(desktop: DesktopSession, tmp_path: Path, name: str):
    expected = SCENARIOS[name]
    home = tmp_path / "home"
    # The demo's windows and its "Settings…": tests/e2e/test_demo_windows.py.
    run = replay(desktop, home, name, expected.speed, [])
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    shown = [s for s in run.samples if s.rows]
    assert len(shown) > 10, f"too few looks at the menu: {len(run.samples)}"

    # Marked as a demo: the item's title and the menu's first line.
    assert all(s.title.startswith("Demo: ") for s in run.samples), {s.title for s in run.samples}
    assert all(s.top[0].startswith("Demo: ") and "×" in s.top[0] for s in shown)

    # The icon took the outage's colour, and ended green.
    assert expected.colour in run.colours, run.colours
    assert run.colours[-1] == "green", run.colours

    # The notifications, in order, with their durations and alternatives.
    notes = [(n["summary"], n["body"]) for n in run.notifications]
    assert len(notes) == len(expected.notes), notes
    for (summary, body), (prefix, lasted, meanwhile) in zip(notes, expected.notes, strict=True):
        assert summary.startswith(prefix), notes
        assert body.startswith("[Demo] "), body
        if lasted is not None:
            assert abs(minutes(summary) - lasted) <= expected.tolerance, (summary, lasted)
        if meanwhile:
            assert body.endswith(meanwhile), body
        elif meanwhile == "":
            assert "Meanwhile" not in body, body

    # "Use instead" offers exactly what is up in the same menu, and says so when nothing is.
    for look in shown:
        up = frozenset(name for name, symbol in look.rows.items() if symbol == "✔")
        assert look.use_instead == (up or frozenset({NONE_UP})), look
    seen = {look.use_instead for look in shown}
    for phase in expected.phases:
        assert phase in seen, (phase, seen)

    # Times in the user's zone: the incident's start as a Jakarta user reads it.
    assert any(expected.since in label for look in shown for label in look.every)

    # One closing line: what was announced, and when (in WIB).
    closing = run.stdout.strip().splitlines()[-1]
    assert closing.startswith("Demo over ("), run.stdout
    assert all(f"“{summary}” at " in closing for summary, _b in notes), closing
    assert closing.count(" WIB") == len(notes), closing

    # Nothing recorded, nothing of the user's written: no history, settings, menu choices or
    # detected platforms (the log is the only file, in the state directory: the demo's own).
    assert not (home / "config" / "ai-status-tray").exists()
    assert not (home / "data" / "ai-status-tray").exists()
    logs = home / "state" / "ai-status-tray" / "log"
    assert [p.name for p in logs.iterdir()] == ["demo.log"]


def test_quit_in_the_menu_ends_the_replay_with_its_closing_line(
    desktop: DesktopSession, tmp_path: Path
):
    env = {**desktop.full_env(), "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path / "run")}
    (tmp_path / "run").mkdir(mode=0o700)
    app = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "demo", "--scenario", "openai-dec-2024"],
        env={**env, "XDG_DATA_HOME": str(tmp_path / "data"), "TZ": "UTC"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    probe = SniProbe(desktop.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
    try:
        assert wait_for(probe.is_registered, 30), probe.registered()
        assert wait_for(lambda: "operational" in str(probe.item_properties()["Title"]), 30)
        quit_entry = find(probe.layout()[1], "Quit")
        assert quit_entry is not None
        probe.click(quit_entry["id"])
        out, err = app.communicate(timeout=30)
    finally:
        probe.close()
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, err
    assert "Traceback" not in err
    assert out.strip().splitlines()[-1] == (
        "Demo over (OpenAI, 11–12 December 2024: ChatGPT, the API and Sora down). "
        "Nothing was announced."
    )
