"""The tray and history on a real (virtual) desktop: restarted mid-outage, it still says how
long the outage lasted, and its own polls go into the history file."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import load_fixture
from tests.e2e.app_runner import start_app
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.test_tray_desktop import SUMMARY
from tests.statusserver import Route, StatusServer, wait_for
from trayapp.core.model import ProviderStatus, Snapshot, State
from trayapp.history.store import HistoryStore

pytestmark = pytest.mark.desktop


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[DesktopSession]:
    with DesktopSession(tmp_path) as session:
        yield session


def down_without_incident() -> bytes:
    """A Statuspage summary in major outage with no incident, so no start time to go by."""
    page = load_fixture("statuspage/healthy.json")
    page["status"] = {"indicator": "major", "description": "Major System Outage"}
    page["components"][0]["status"] = "major_outage"
    page["incidents"] = []
    return json.dumps(page).encode()


def test_a_restart_mid_outage_keeps_its_duration_and_the_tray_records(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    history_file = tmp_path / "home" / "data" / "ai-status-tray" / "history.sqlite3"
    started = datetime.now(UTC) - timedelta(minutes=45)
    # The previous run polled Claude every minute through the first 44 minutes of the outage.
    with HistoryStore.open(history_file) as store:
        for minute in range(45):
            at = started + timedelta(minutes=minute)
            claude = ProviderStatus("claude", "Claude", State.MAJOR_OUTAGE, at, "https://x")
            store.record(Snapshot(State.MAJOR_OUTAGE, at, (claude,)))
    with StatusServer() as server:
        server.set(SUMMARY, Route(body=down_without_incident()))
        app = start_app(desktop, tmp_path, server.url)
        try:
            assert wait_for(lambda: desktop.icon_window("ai-status-tray") is not None, 20)
            time.sleep(3)  # a few polls of the outage by this run
            server.set_fixture(SUMMARY, "statuspage/healthy.json")
            assert wait_for(lambda: len(desktop.notifications()) >= 1, 20), "no recovery"
            (note,) = desktop.notifications()
            lasted = re.fullmatch(r"Claude is back — down (\d+) min", note["summary"])
            assert lasted and 45 <= int(lasted.group(1)) <= 48, note["summary"]
        finally:
            app.send_signal(signal.SIGTERM)
            assert app.wait(timeout=15) == 0, app.stderr.read() if app.stderr else ""
    env = {**os.environ, "XDG_DATA_HOME": str(history_file.parents[1])}
    out = subprocess.run(
        [sys.executable, "-m", "trayapp", "history", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    ).stdout
    (claude,) = json.loads(out)["providers"]
    (outage,) = claude["outages"]
    assert datetime.fromisoformat(outage["started_at"]) == started.replace(microsecond=0)
    assert outage["ended_at"] is not None, "the tray's polls went into the file"
    assert 45 * 60 <= outage["duration_s"] <= 48 * 60
