"""Editing the settings file while the tray runs: a bad file at start-up is shown (not a silent
exit), a fix is applied without a restart, a later typo keeps the running settings and is said
once, with file, line and problem."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.app_runner import SUMMARY, start_app, stop, write_config
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.sni_probe import SniProbe, labels
from tests.statusserver import StatusServer, wait_for

pytestmark = pytest.mark.desktop

TYPO = '[catalogue]\nenabled = ["opnai"]\n'
PROBLEM = "line 2: catalogue.enabled[0]: no provider 'opnai' in the catalogue"


def menu(probe: SniProbe) -> list[str]:
    try:
        return labels(probe.layout()[1])
    except Exception:  # not exported yet
        return []


def test_a_bad_file_is_shown_then_fixes_and_edits_apply_without_restart(tmp_path: Path) -> None:
    with DesktopSession(tmp_path, host="xfce") as desktop, StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        server.set_fixture("/openai" + SUMMARY, "statuspage/outage.json")
        app = start_app(desktop, tmp_path, server.url, backend=None)
        config = tmp_path / "config.toml"
        good = config.read_text()
        config.write_text(TYPO)
        stop(app)  # start again with the typo in place
        app = start_app(desktop, tmp_path, server.url, backend=None, keep_config=True)
        probe = SniProbe(desktop.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            # Started anyway: the problem in the menu and in one notification.
            assert wait_for(lambda: "⚠ Settings not applied — open settings" in menu(probe), 20)
            tail = "no provider 'opnai' in the catalogue (did you mean 'openai'?)"
            assert any(label.endswith(tail) for label in menu(probe)), menu(probe)
            assert wait_for(lambda: len(desktop.notifications()) == 1, 10)
            note = desktop.notifications()[0]
            assert note["summary"] == "Settings not applied"
            assert note["body"].startswith(f"{config}: {PROBLEM}")

            # Fixed: applied, no restart.
            config.write_text(good)
            assert wait_for(lambda: "✔ Claude — operational" in menu(probe), 20), menu(probe)
            assert not any(label.startswith("⚠") for label in menu(probe))

            # A provider added while running shows up.
            write_config(tmp_path, server.url)
            assert wait_for(lambda: "✖ ChatGPT — major outage" in menu(probe), 20), menu(probe)

            # A typo: the running settings stay, the problem is said once.
            config.write_text(TYPO)
            assert wait_for(lambda: len(desktop.notifications()) == 2, 20)
            time.sleep(3)
            entries = menu(probe)
            assert "⚠ Settings not applied — open settings" in entries
            assert "✖ ChatGPT — major outage" in entries and "✔ Claude — operational" in entries
            assert len(desktop.notifications()) == 2
            assert app.poll() is None
        finally:
            probe.close()
            err = stop(app)
    assert "Traceback" not in err, err
