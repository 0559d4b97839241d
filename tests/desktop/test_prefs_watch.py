"""The tray follows what the settings window changes outside config.toml: the pause in
prefs.json and start at login."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.desktop.test_controller import find, make
from trayapp.desktop.prefs_watch import PrefsWatcher
from trayapp.settings import prefs

UNTIL = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def test_a_new_prefs_file_and_a_switched_autostart_are_handed_on(tmp_path: Path):
    path = tmp_path / "prefs.json"
    seen: list[object] = []
    login = [False]
    watcher = PrefsWatcher(path, seen.append, lambda: login[0], seen.append)
    watcher.check()
    assert seen == []  # nothing changed since the tray started
    prefs.save(path, prefs.Prefs(paused_until=UNTIL))
    login[0] = True
    watcher.check()
    assert seen == [prefs.Prefs(paused_until=UNTIL), True]
    watcher.check()
    assert len(seen) == 2  # said once


def test_the_controller_shows_a_pause_and_autostart_set_elsewhere():
    controller, desktop, _clock = make()
    controller.on_prefs(prefs.Prefs(paused_until=datetime(2026, 11, 21, 8, 0, tzinfo=UTC)))
    menu = desktop.named("set_menu")[-1]
    assert find(menu, "Notifications paused until") is not None
    controller.on_autostart(True)
    assert find(desktop.named("set_menu")[-1], "Start at login").checked is True
    menus = len(desktop.named("set_menu"))
    controller.on_autostart(True)
    assert len(desktop.named("set_menu")) == menus  # no change, no new menu


def test_silent_providers_count_as_muted_in_the_menu():
    from tests.desktop.test_controller import snapshot, status
    from trayapp.core.model import State

    controller, desktop, clock = make(loudness={"claude": "silent"})
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    assert find(desktop.named("set_menu")[-1], "Muted in settings") is not None
