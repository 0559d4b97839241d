"""Notifications worth clicking, on the default path: the state's icon, urgency, category and
actions, and a click on "Open status page" / the notification itself (the details window)
handled by the app; and none outlives what it says: the recovery takes the outage's place, a
grouped outage goes when its last provider is back, quitting closes what is open, and on
xfce4-notifyd (which keeps critical notifications until dismissed) nothing stays on screen."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.app_runner import SUMMARY, close_windows, opened, start_app, stop
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.screenshots import NOTIFYD
from tests.statusserver import StatusServer, wait_for

pytestmark = pytest.mark.desktop


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[DesktopSession]:
    with DesktopSession(tmp_path, host="trayer", actions=True) as session:
        yield session


def test_outage_notification_has_state_icon_urgency_and_working_actions(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        server.set_fixture("/openai" + SUMMARY, "statuspage/healthy.json")
        app = start_app(desktop, tmp_path, server.url, backend=None, second_provider=True)
        try:
            assert wait_for(lambda: desktop.icon_colour() == "green", 20)
            server.set_fixture(SUMMARY, "statuspage/outage.json")
            assert wait_for(lambda: len(desktop.notifications()) >= 1, 20)
            outage = desktop.notifications()[0]
            assert outage["summary"] == "Claude: major outage"
            assert outage["app_icon"].endswith("/icons/major_outage.png")
            assert outage["hints"]["image-path"].endswith("/icons/major_outage.png")
            # Normal: critical ones stay until dismissed, through "do not disturb" too.
            assert outage["hints"]["urgency"] == 1
            assert outage["hints"]["category"] == "network.error"
            assert outage["actions"] == [
                "default",
                "Show details",
                "status",
                "Open status page",
                "alternative",
                "Use ChatGPT",
            ]

            desktop.invoke_action(outage["id"], "status")
            assert wait_for(lambda: len(opened(tmp_path)) == 1, 10)
            assert opened(tmp_path)[0] == server.url
            desktop.invoke_action(outage["id"], "alternative")
            assert wait_for(lambda: len(opened(tmp_path)) == 2, 10)
            assert opened(tmp_path)[1] == "https://chatgpt.com"
            desktop.invoke_action(outage["id"], "default")  # the click on the notification
            assert wait_for(lambda: desktop.windows("^AI Status Tray$"), 30), "no details window"
            close_windows(desktop.env)

            # Recovery: the green icon, normal urgency, no "use instead".
            server.set_fixture(SUMMARY, "statuspage/healthy.json")
            assert wait_for(lambda: len(desktop.notifications()) >= 2, 20)
            recovery = desktop.notifications()[1]
            assert recovery["summary"].startswith("Claude is back")
            assert recovery["app_icon"].endswith("/icons/operational.png")
            assert recovery["hints"]["urgency"] == 1
            assert "alternative" not in recovery["actions"]
            # The recovery takes the outage's place: no outage notification is left.
            assert recovery["replaces_id"] == outage["id"]
            assert [n["summary"] for n in desktop.open_notifications()] == [recovery["summary"]]

            server.set_fixture(SUMMARY, "statuspage/outage.json")  # down again
            assert wait_for(lambda: len(desktop.notifications()) >= 3, 20)
            relapse = desktop.notifications()[2]
            assert relapse["summary"] == "Claude is down again: major outage"
            assert [n["summary"] for n in desktop.open_notifications()] == [relapse["summary"]]
        finally:
            err = stop(app)
    assert "Traceback" not in err, err
    # Quitting closes what is still open: its buttons would do nothing now.
    assert wait_for(lambda: not desktop.open_notifications(), 10), desktop.open_notifications()


ESCALATION_SCRIPT = r"""
from gi.repository import GLib
from trayapp.core.model import State
from trayapp.core.notify_policy import Kind, Notification
from trayapp.desktop.controller import Announcement
from trayapp.desktop.dbus_notify import DbusNotifier

notifier = DbusNotifier(lambda state: None, lambda action: None)
def note(kind, title, state):
    return Announcement(title, "body", state, Notification(kind, title, "body", ("claude",)))
notifier.send(note(Kind.OUTAGE, "Claude: degraded", State.DEGRADED))
GLib.timeout_add(700, lambda: notifier.send(note(Kind.ESCALATION, "Claude got worse", State.MAJOR_OUTAGE)))
loop = GLib.MainLoop()
GLib.timeout_add(2000, loop.quit)
loop.run()
"""


def test_an_escalation_replaces_its_outage_notification(desktop: DesktopSession) -> None:
    subprocess.run(
        [sys.executable, "-c", ESCALATION_SCRIPT], env=desktop.full_env(), check=True, timeout=30
    )
    outage, escalation = desktop.notifications()
    assert outage["replaces_id"] == 0
    assert escalation["replaces_id"] == outage["id"]
    assert (outage["hints"]["urgency"], escalation["hints"]["urgency"]) == (1, 1)


GROUP_SCRIPT = r"""
from gi.repository import GLib
from trayapp.core.model import State
from trayapp.core.notify_policy import Kind, Notification
from trayapp.desktop.controller import Announcement
from trayapp.desktop.dbus_notify import DbusNotifier

notifier = DbusNotifier(lambda state: None, lambda action: None)
def note(kind, title, state, *ids):
    return Announcement(title, "body", state, Notification(kind, title, "body", ids))
steps = [
    note(Kind.OUTAGE, "3 AI services are down", State.MAJOR_OUTAGE, "a", "b", "c"),
    note(Kind.OUTAGE, "D: major outage", State.MAJOR_OUTAGE, "d"),
    note(Kind.RECOVERY, "A is back", State.OPERATIONAL, "a"),
    note(Kind.RECOVERY, "2 AI services are back", State.OPERATIONAL, "b", "c"),
]
for n, step in enumerate(steps):
    GLib.timeout_add(400 * (n + 1), lambda step=step: notifier.send(step))
loop = GLib.MainLoop()
GLib.timeout_add(400 * len(steps) + 1000, loop.quit)
loop.run()
notifier.close()
"""


def test_a_grouped_outage_goes_when_its_last_provider_is_back(desktop: DesktopSession) -> None:
    subprocess.run(
        [sys.executable, "-c", GROUP_SCRIPT], env=desktop.full_env(), check=True, timeout=30
    )
    group, other, first_back, rest_back = desktop.notifications()
    assert first_back["replaces_id"] == 0  # B and C are still down: the group toast stays
    assert rest_back["replaces_id"] == group["id"]
    assert other["replaces_id"] == 0
    # On the way out, the process closed the two still open (D's outage, the last recovery).
    closed = [c["id"] for c in desktop.calls() if c["call"] == "CloseNotification"]
    assert sorted(closed) == sorted([other["id"], first_back["id"], rest_back["id"]])


def toasts(desktop: DesktopSession) -> list[str]:
    """The notifications xfce4-notifyd shows on the screen (its visible windows)."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--class", "xfce4-notifyd"],
        env=desktop.full_env(),
        capture_output=True,
        text=True,
    )
    return found.stdout.split()


def test_no_outage_toast_stays_on_xfce4_notifyd_after_recovery(tmp_path: Path) -> None:
    assert Path(NOTIFYD).exists(), f"{NOTIFYD} is missing: run scripts/test, which installs it"
    with (
        DesktopSession(tmp_path, host="trayer", notifications=None) as desktop,
        StatusServer() as server,
    ):
        desktop._spawn([NOTIFYD], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start_app(desktop, tmp_path, server.url, backend=None)
        try:
            assert wait_for(lambda: desktop.icon_colour() == "green", 30)
            server.set_fixture(SUMMARY, "statuspage/outage.json")
            assert wait_for(lambda: toasts(desktop), 30), "no outage toast on screen"
            server.set_fixture(SUMMARY, "statuspage/healthy.json")
            assert wait_for(lambda: desktop.icon_colour() == "green", 30)
            log = tmp_path / "home" / "state" / "ai-status-tray" / "log" / "ai-status-tray.log"
            assert wait_for(lambda: "notified: Claude is back" in log.read_text(), 30)
            # The recovery took the outage's place (or both have gone): never two.
            assert len(toasts(desktop)) <= 1
            assert wait_for(lambda: not toasts(desktop), 60), "a toast stays on screen"
        finally:
            err = stop(app)
    assert "Traceback" not in err, err
