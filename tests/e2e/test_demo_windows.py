"""The demo's own windows, end to end, beside an everyday tray on the same desktop and bus.

One desktop (xfce4-panel hosting both icons, the notification recorder, the AT-SPI bus) and a
loopback status page for the everyday tray. The demo's left click, "Show details…" and About
open the real windows, following the replay live on its own clock (the outage arrives and
leaves in an open window; times are the replay's, in the user's zone); a second click raises
the same window; "Settings…" says in a short notification that the demo leaves the settings
alone and how to reach them. The everyday tray's windows, control channel and files are never
touched, and the demo's windows and notifications close when the replay ends.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import dbus
import pytest

from tests.e2e.app_runner import SUMMARY, app_env, start_app, stop
from tests.e2e.atspi import Accessibility, Node
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.sni_probe import SniProbe, find, labels
from tests.statusserver import StatusServer, wait_for
from trayapp.core.identity import (
    CONTROL_BUS_NAME,
    CONTROL_INTERFACE,
    CONTROL_PATH,
    DEMO_CHANNEL,
    WINDOWS_APP_ID,
    control_bus_name,
    windows_app_id,
)
from trayapp.version import version

pytestmark = pytest.mark.desktop

APP = "ai-status-tray"  # the windows' name on the accessibility bus
# 06:45-08:12 WIB; ChatGPT down 07:04-07:34. At 60x the outage lasts 30 s: long enough to watch
# it arrive and leave in an open window.
SCENARIO = "chatgpt-nov-2024"
CHECKED = re.compile(r"Checked (\d\d):(\d\d) WIB")


def owned(env: dict[str, str], name: str) -> bool:
    bus = dbus.bus.BusConnection(env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        return bool(bus.name_has_owner(name))
    finally:
        bus.close()


def everyday_details(env: dict[str, str]) -> str:
    bus = dbus.bus.BusConnection(env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        tray = bus.get_object(CONTROL_BUS_NAME, CONTROL_PATH)
        return str(tray.GetDetails(dbus_interface=CONTROL_INTERFACE))
    finally:
        bus.close()


def chatgpt(tree: Node) -> str:
    card = tree.find(role="panel", name="ChatGPT")
    return card.all_text() if card is not None else ""


def click_menu(probe: SniProbe, wanted: str) -> None:
    entry = find(probe.layout()[1], wanted)
    assert entry is not None, (wanted, labels(probe.layout()[1]))
    probe.click(entry["id"])


def test_the_demo_shows_its_replay_live_in_windows_of_its_own(tmp_path: Path):
    with (
        StatusServer() as server,
        DesktopSession(tmp_path, host="xfce") as desktop,
        Accessibility(desktop) as a11y,
    ):
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        everyday = start_app(desktop, tmp_path, server.url, backend=None, interval=3)
        env = app_env(desktop, tmp_path)  # the same user: the same files, bus and desktop
        demo: subprocess.Popen[str] | None = None
        try:
            assert wait_for(lambda: owned(env, CONTROL_BUS_NAME), 30), stop(everyday)
            told_before = len(desktop.notifications())
            demo = subprocess.Popen(
                [sys.executable, "-m", "trayapp", "demo", "--scenario", SCENARIO, "--speed", "60"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            probe = SniProbe(env["DBUS_SESSION_BUS_ADDRESS"], demo.pid)
            try:
                assert wait_for(probe.is_registered, 30), probe.registered()
                seen = watch_the_replay(a11y, probe, env)
                pid = seen["pid"]
                # About: the real About window, in the same (demo's) process.
                click_menu(probe, "About")
                about = a11y.wait_for(APP, lambda t: t if version() in t.all_text() else None)
                assert about.pid == pid
                assert "settings: " not in about.all_text()  # the demo reads no settings file
                # Settings…: a short notification, no window, nothing written.
                click_menu(probe, "Settings…")
                told = wait_for(
                    lambda: [
                        n
                        for n in desktop.notifications()[told_before:]
                        if "settings" in n["summary"]
                    ],
                    20,
                )
                assert told, desktop.notifications()[told_before:]
                assert told[0]["summary"] == "The demo leaves your settings alone"
                assert told[0]["body"] == "To change them, run: ai-status-tray settings"
                frames = [f.name for f in a11y.tree(APP).find_all(role="frame")]
                assert not any("settings" in name for name in frames), frames
            finally:
                probe.close()
            # The replay ends: its windows close with it; the everyday tray goes on, untouched.
            out, err = demo.communicate(timeout=120)
            assert wait_for(lambda: not owned(env, windows_app_id(DEMO_CHANNEL)), 20)
            # Its notifications went with it (finding: an outage toast outlived the demo).
            assert wait_for(lambda: not desktop.open_notifications(), 10), (
                desktop.open_notifications()
            )
            assert len(desktop.notifications()) - told_before >= 3  # outage, back, settings
            assert everyday.poll() is None
            assert not owned(env, WINDOWS_APP_ID)  # the everyday windows were never started
            assert '"ChatGPT"' not in everyday_details(env)
        finally:
            if demo is not None and demo.poll() is None:
                demo.kill()
                demo.communicate()
            stop(everyday)
    assert demo.returncode == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    lines = out.strip().splitlines()
    assert lines[0].startswith("Demo: ChatGPT, 8 November 2024") and "Ctrl+C to stop." in lines[0]
    assert lines[-1].startswith("Demo over ("), out
    home = tmp_path / "home"
    assert not (home / "config" / "ai-status-tray").exists()  # no settings file written
    logs = sorted(p.name for p in (home / "state" / "ai-status-tray" / "log").iterdir())
    assert logs == ["ai-status-tray.log", "demo-windows.log", "demo.log"], logs


def watch_the_replay(a11y: Accessibility, probe: SniProbe, env: dict[str, str]) -> dict[str, Any]:
    """Left-click the demo's icon, then follow its details window through the outage."""
    probe.call_item("Activate", 0, 0)  # the panel's left click
    tree = a11y.wait_for(APP, lambda t: t if chatgpt(t) else None, 60)
    pid = tree.pid
    assert owned(env, windows_app_id(DEMO_CHANNEL)) and owned(env, control_bus_name(DEMO_CHANNEL))
    assert tree.find(role="panel", name="Claude") is not None  # the replay's providers
    states: list[str] = []
    checked: list[str] = []
    deadline = time.monotonic() + 150
    while not ("major outage" in states and states[-1] == "operational"):
        assert time.monotonic() < deadline, (states, checked)
        tree = a11y.tree(APP)
        text = chatgpt(tree)
        state = "major outage" if "major outage since" in text else "operational"
        shown = "operational since" in text or state == "major outage"
        if shown and (not states or states[-1] != state):
            states.append(state)
        if state == "major outage":
            # The replay's own time, in the user's zone, with no date: it is the replay's day.
            assert re.search(r"major outage since (at least )?07:0\d WIB", text), text
        stamp = CHECKED.search(tree.all_text())
        if stamp and (not checked or checked[-1] != stamp.group(0)):
            checked.append(stamp.group(0))
        time.sleep(0.5)
    assert len(checked) > 3, checked  # the window followed the replay's clock
    assert all("06:45" <= f"{h}:{m}" <= "08:12" for h, m in (CHECKED.findall(" ".join(checked))))
    # "Show details…" (and a second left click) raise the same window: no second process.
    click_menu(probe, "Show details…")
    probe.call_item("Activate", 0, 0)
    time.sleep(2)
    frames = [f for f in a11y.tree(APP).find_all(role="frame") if f.name == "AI Status Tray"]
    assert len(frames) == 1 and a11y.tree(APP).pid == pid
    return {"pid": pid}
