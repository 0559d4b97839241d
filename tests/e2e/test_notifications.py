"""Notifications worth clicking, on the default path: the state's icon, urgency, category and
actions, and a click on "Open status page" / the notification itself (the details window)
handled by the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.app_runner import SUMMARY, close_windows, opened, start_app, stop
from tests.e2e.desktop_session import DesktopSession
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
            assert outage["hints"]["urgency"] == 2  # critical: a major outage
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
        finally:
            err = stop(app)
    assert "Traceback" not in err, err


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
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-c", ESCALATION_SCRIPT], env=desktop.full_env(), check=True, timeout=30
    )
    outage, escalation = desktop.notifications()
    assert outage["replaces_id"] == 0
    assert escalation["replaces_id"] == outage["id"]
    assert (outage["hints"]["urgency"], escalation["hints"]["urgency"]) == (1, 2)
