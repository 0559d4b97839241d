"""Wayland: a StatusNotifierWatcher that replaces another. waybar's tray is the watcher on sway;
when waybar restarts (a crash, a new config), the new one gets the icon again, no restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.app_runner import SUMMARY, start_app, stop
from tests.e2e.processes import terminate_all
from tests.e2e.sni_probe import SniProbe
from tests.e2e.test_waybar import bar_colour, bar_seen
from tests.e2e.wayland import SwaySession
from tests.statusserver import StatusServer, wait_for

pytestmark = pytest.mark.desktop


def test_a_waybar_that_replaces_another_gets_the_icon_again(tmp_path: Path) -> None:
    with SwaySession(tmp_path, bar=False) as sway, StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        sway.start_bar()
        first = sway.procs[-1]
        app = start_app(sway, tmp_path, server.url, backend=None)
        probe = SniProbe(sway.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            assert wait_for(probe.is_registered, 20), probe.registered()
            assert wait_for(lambda: bar_colour(sway, tmp_path) == "green", 20), bar_seen(
                sway, tmp_path
            )
            terminate_all([first])
            assert wait_for(lambda: not sway.watcher_ready(), 10)
            sway.start_bar()
            assert wait_for(probe.is_registered, 20), "not registered with the new watcher"
            assert wait_for(lambda: bar_colour(sway, tmp_path) == "green", 20), bar_seen(
                sway, tmp_path
            )
            assert app.poll() is None
        finally:
            probe.close()
            err = stop(app)
    assert "Traceback" not in err, err
