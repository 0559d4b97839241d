"""Light on the wire, seen from outside the real app on a virtual desktop (xfce4-panel, our
StatusNotifierItem): NetworkManager on a private bus standing in for the system bus says the
connection is metered, the app slows down and says so in its menu; unmetered, it speeds up and
the line goes. Meanwhile the page is read as Statuspage serves it: status.json looks answered
with 304s, the summary downloaded once."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.e2e.app_runner import start_app, stop
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.sni_probe import SniProbe, labels
from tests.statusserver import StatusServer, wait_for
from tests.system_bus import SystemBus
from trayapp.polling.fetch import USER_AGENT

pytestmark = pytest.mark.desktop

STATUS, SUMMARY = "/api/v2/status.json", "/api/v2/summary.json"
LINE = "Data saver on (metered connection): checking every 3 s"


def menu(probe: SniProbe) -> list[str]:
    try:
        return labels(probe.layout()[1])
    except Exception:  # not exported yet
        return []


def test_a_metered_connection_slows_polling_and_the_menu_says_so(tmp_path: Path) -> None:
    with (
        DesktopSession(tmp_path, host="xfce") as desktop,
        StatusServer() as server,
        SystemBus(tmp_path, metered=3) as system,  # guess-yes: a phone's hotspot
    ):
        server.set_statuspage("", "statuspage/healthy.json", headers={"Cache-Control": "no-cache"})
        (tmp_path / "config.toml").write_text(
            "poll_interval = 1\ndata_saver_interval = 3\n[catalogue]\nenabled = []\n"
            f'[[providers]]\nid = "claude"\nname = "Claude"\ntype = "statuspage"\n'
            f'url = "{server.url}"\n'
        )
        app = start_app(
            desktop, tmp_path, server.url, backend=None, keep_config=True, system_bus=system.address
        )
        probe = SniProbe(desktop.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            assert wait_for(lambda: LINE in menu(probe), 30), menu(probe)
            assert wait_for(lambda: "✔ Claude — operational" in menu(probe), 30), menu(probe)
            assert wait_for(lambda: server.hits[STATUS] >= 4, 30)
            metered_looks = list(server.asked_at[STATUS])
            system.set_metered(2)  # back on the home network
            assert wait_for(lambda: not any(t.startswith("Data saver") for t in menu(probe)), 30)
            seen = server.hits[STATUS]
            assert wait_for(lambda: server.hits[STATUS] >= seen + 6, 30), (seen, server.asked_at)
            assert "✔ Claude — operational" in menu(probe)
        finally:
            probe.close()
            err = stop(app)
    assert "Traceback" not in err, err
    # While metered, looks came at the data saver's pace (a loaded machine only adds to it).
    assert all(b - a >= 2.9 for a, b in itertools.pairwise(metered_looks[1:])), metered_looks
    # Every look asked status.json conditionally and got a 304; the summary came down once
    # (and again only when five minutes had passed).
    assert server.conditional_hits[STATUS] >= server.hits[STATUS] - 1
    assert server.hits[SUMMARY] == 1
    assert server.user_agents[STATUS] == USER_AGENT
