"""The controller with a recording Effects: what reaches the tray and when (menu updates, the
pause badge, settings edits)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tests.views.sample import NOW, SNAPSHOT
from trayapp.core.model import ProviderSpec, State
from trayapp.desktop.controller import Context, Controller
from trayapp.settings.config import Config
from trayapp.settings.prefs import Prefs
from trayapp.views.menu_model import Action


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any) -> Any:
            self.calls.append((name, args[0] if args else None))
            return False

        return record

    def named(self, name: str) -> list[Any]:
        return [arg for call, arg in self.calls if call == name]


CONFIG = Config(
    providers=tuple(
        ProviderSpec(id=i, name=i, type="statuspage", url=f"https://{i}.example")
        for i in ("openai", "anthropic", "gemini")
    )
)


def make(clock: list[datetime]) -> tuple[Controller, Recorder]:
    effects = Recorder()
    controller = Controller(
        CONFIG, Prefs(), effects, lambda: clock[0], Context(config_file=Path("/x/config.toml"))
    )
    return controller, effects


def test_ticks_and_unchanged_polls_never_touch_the_menu():
    clock = [NOW]
    controller, effects = make(clock)
    controller.start()
    controller.on_snapshot(SNAPSHOT, True)
    menus = len(effects.named("set_menu"))
    for minute in range(1, 30):
        clock[0] = NOW + timedelta(minutes=minute)
        controller.on_tick()
        controller.on_snapshot(SNAPSHOT, True)
    assert len(effects.named("set_menu")) == menus
    assert len(effects.named("set_icon")) == 1 + 1  # before the first poll, then the outage


def test_a_new_check_time_changes_only_the_header():
    clock = [NOW]
    controller, effects = make(clock)
    controller.on_snapshot(SNAPSHOT, True)
    clock[0] = NOW + timedelta(minutes=5)
    controller.on_snapshot(replace(SNAPSHOT, checked_at=clock[0]), True)
    before, after = effects.named("set_menu")[-2:]
    assert [a.text for a in before] != [a.text for a in after]
    assert [a.text for a in before][2:] == [a.text for a in after][2:]


def test_a_pause_puts_a_badge_on_the_icon_until_it_ends():
    clock = [NOW]
    controller, effects = make(clock)
    controller.on_snapshot(SNAPSHOT, True)
    assert effects.named("set_icon")[-1].paused is False
    controller.on_action(Action("pause", "1h"))
    assert effects.named("set_icon")[-1].paused is True
    assert effects.named("set_icon")[-1].state is State.MAJOR_OUTAGE
    clock[0] = NOW + timedelta(hours=1, minutes=1)
    controller.on_tick()
    assert effects.named("set_icon")[-1].paused is False


def test_a_bad_settings_edit_is_told_once_and_shown_until_fixed():
    clock = [NOW]
    controller, effects = make(clock)
    controller.on_snapshot(SNAPSHOT, True)
    for _ in range(3):
        controller.on_config_error("/x/config.toml: line 2: notifications: expected true or false")
    assert [n.title for n in effects.named("notify")] == ["Settings not applied"]
    texts = [e.text for e in effects.named("set_menu")[-1]]
    assert "    config.toml: line 2: notifications: expected true or false" in texts
    controller.on_config(CONFIG)
    assert not any("Settings not applied" in e.text for e in effects.named("set_menu")[-1])
    assert effects.named("apply_config") == []  # same settings: nothing to restart
    controller.on_config(replace(CONFIG, poll_interval=300))
    assert effects.named("apply_config")[-1].poll_interval == 300


def test_turning_notifications_off_needs_no_new_polling_but_shows_the_badge():
    clock = [NOW]
    controller, effects = make(clock)
    controller.on_snapshot(SNAPSHOT, True)
    controller.on_config(replace(CONFIG, notifications=False))
    assert effects.named("apply_config") == []
    assert effects.named("set_icon")[-1].paused is True
