"""Knowing sooner, on the virtual desktop: quick confirmation and the API probe, seen from outside.

A short interval on loopback keeps the test quick; it asserts the order of things (which
request, which colour, which notification), never wall-clock targets (those are in bench/).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.app_runner import start_app, stop
from tests.e2e.desktop_session import DesktopSession, pixels
from tests.e2e.test_tray_desktop import icon_colour
from tests.statusserver import Route, StatusServer, wait_for

pytestmark = pytest.mark.desktop

SUMMARY = "/api/v2/summary.json"
API = "/v1/models"
INTERVAL = 6.0  # a quick look ~1.5 s after a change; the next regular poll 6 s after


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[DesktopSession]:
    with DesktopSession(tmp_path) as session:
        yield session


def start(
    desktop: DesktopSession, tmp_path: Path, server: StatusServer, probe: bool
) -> subprocess.Popen[str]:
    (tmp_path / "config.toml").write_text(
        f"poll_interval = {INTERVAL}\n[catalogue]\nenabled = []\n"
        f'[[providers]]\nid = "claude"\nname = "Claude"\ntype = "statuspage"\n'
        f'url = "{server.url}"\n' + (f'probe = "{server.url}{API}"\n' if probe else "")
    )
    return start_app(desktop, tmp_path, server.url, keep_config=True)


def marker_white(desktop: DesktopSession, tmp_path: Path) -> int:
    """White pixels in the top-left quarter of the tray icon (the "unconfirmed" marker)."""
    where = desktop.icon_window("ai-status-tray")
    if where is None:
        return 0
    x, y, w, h = where
    image = desktop.screenshot(tmp_path / "marker.png")
    corner = image.crop((x, y, x + w // 2, y + h // 2))
    return sum(1 for p in pixels(corner) if min(p) > 230)


def test_an_outage_is_confirmed_by_a_quick_look_not_a_second_interval(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        app = start(desktop, tmp_path, server, probe=False)
        try:
            assert wait_for(lambda: icon_colour(desktop, tmp_path) == "green", 30), "never green"
            before = server.hits[SUMMARY]
            server.set_fixture(SUMMARY, "statuspage/outage.json")
            # The next regular poll turns the icon red; one quick look confirms it.
            assert wait_for(lambda: icon_colour(desktop, tmp_path) == "red", 20), "never red"
            assert wait_for(lambda: desktop.notifications(), 20), "no notification"
            asked = server.asked_at[SUMMARY][before:]
            (note,) = desktop.notifications()
            assert note["summary"] == "Claude: major outage"
            # Two observations: the change, then the quick look a quarter of an interval later
            # (1.2-1.8 s), not the next regular poll (6 s later).
            assert len(asked) == 2, asked
            assert asked[1] - asked[0] < INTERVAL * 2 / 3, asked

            before = server.hits[SUMMARY]
            server.set_fixture(SUMMARY, "statuspage/healthy.json")
            assert wait_for(lambda: len(desktop.notifications()) == 2, 20), "no recovery"
            assert desktop.notifications()[1]["summary"].startswith("Claude is back")
            asked = server.asked_at[SUMMARY][before:]
            assert len(asked) == 2, asked
            assert asked[1] - asked[0] < INTERVAL * 2 / 3, asked
            assert icon_colour(desktop, tmp_path) == "green"
        finally:
            err = stop(app)
        assert "Traceback" not in err, err


def test_a_failing_api_with_a_silent_page_says_may_be_down_then_quietly_recovers(
    desktop: DesktopSession, tmp_path: Path
) -> None:
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        server.set(API, Route(status=401, body=b'{"error": "no key"}'))
        app = start(desktop, tmp_path, server, probe=True)
        try:
            assert wait_for(lambda: icon_colour(desktop, tmp_path) == "green", 30), "never green"
            plain = marker_white(desktop, tmp_path)  # the check mark's own white, no marker
            server.set(API, Route(status=503, body=b"overloaded"))
            assert wait_for(lambda: desktop.notifications(), 60), "no 'may be down'"
            (note,) = desktop.notifications()
            assert note["summary"] == (
                "Claude API may be down — its status page has not said so yet"
            )
            assert "Its status page still says it is operational." in note["body"]
            assert icon_colour(desktop, tmp_path) == "yellow"
            # A yellow triangle has no white of its own: any white up there is the marker.
            assert marker_white(desktop, tmp_path) >= 4, "no unconfirmed marker"

            server.set(API, Route(status=401, body=b'{"error": "no key"}'))
            assert wait_for(lambda: len(desktop.notifications()) == 2, 30), "no quiet recovery"
            assert desktop.notifications()[1]["summary"] == "Claude API is answering again"
            assert wait_for(lambda: icon_colour(desktop, tmp_path) == "green", 10)
            assert marker_white(desktop, tmp_path) == plain
            # The page never said anything: no outage or recovery of the page was announced.
            assert len(desktop.notifications()) == 2
        finally:
            err = stop(app)
        assert "Traceback" not in err, err
