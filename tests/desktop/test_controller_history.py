"""The controller with history from a real file: a restart mid-outage, the menu, the page."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.history.test_store import OK, T0, X, poll, status
from trayapp.core.notify_policy import Kind, Notification
from trayapp.desktop.controller import Announcement, Context, Controller
from trayapp.history.store import HistoryStore
from trayapp.settings.config import Config
from trayapp.settings.prefs import Prefs
from trayapp.views import details_json, details_text
from trayapp.views.menu_model import Action


class RecordingEffects:
    """Every effect asked for; only notifications and the menu matter here."""

    def __init__(self) -> None:
        self.notes: list[Notification] = []
        self.menus: list[Any] = []

    def notify(self, item: Announcement) -> None:
        if item.note is not None:
            self.notes.append(item.note)

    def set_menu(self, entries: Any) -> None:
        self.menus.append(entries)

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def controller(tmp_path: Path, clock: Clock) -> tuple[Controller, RecordingEffects]:
    effects = RecordingEffects()
    control = Controller(
        Config(providers=()),
        Prefs(),
        effects,
        clock=clock,
        context=Context(config_file=tmp_path / "config.toml"),
    )
    return control, effects


def test_a_recovery_after_a_restart_says_how_long_the_outage_lasted(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    # The previous run saw Claude go down at T0 and was restarted at T0 + 40 min.
    with HistoryStore.open(path) as store:
        for minute in range(0, 41, 5):
            store.record(poll(T0 + timedelta(minutes=minute), status("claude", X)))
    clock = Clock(T0 + timedelta(minutes=42))
    control, effects = controller(tmp_path, clock)
    control.start()
    with HistoryStore.open(path) as store:
        control.on_history(store.read(clock.now))
    for minute in (42, 47):  # no incident on the page, so no start time to go by
        clock.now = T0 + timedelta(minutes=minute)
        control.on_snapshot(poll(clock.now, status("claude", X)), True)
    for minute in (52, 53):
        clock.now = T0 + timedelta(minutes=minute)
        control.on_snapshot(poll(clock.now, status("claude", OK)), True)
    assert [(n.kind, n.title) for n in effects.notes] == [
        (Kind.RECOVERY, "Claude is back — down 52 min")
    ]


def test_without_history_the_same_restart_cannot_tell_the_duration(tmp_path: Path):
    clock = Clock(T0 + timedelta(minutes=42))
    control, effects = controller(tmp_path, clock)
    control.start()
    control.on_history([])
    for minute in (42, 47, 52, 53):
        clock.now = T0 + timedelta(minutes=minute)
        state = X if minute < 50 else OK
        control.on_snapshot(poll(clock.now, status("claude", state)), True)
    # Only the time this run first saw it: 10 minutes instead of 52.
    assert [n.title for n in effects.notes] == ["Claude is back — down 10 min"]


def test_menu_and_details_page_show_the_history(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    with HistoryStore.open(path) as store:
        store.record(poll(T0, status("claude", X, "API down")))
        store.record(poll(T0 + timedelta(minutes=47), status("claude", OK)))
    clock = Clock(T0 + timedelta(days=3))
    control, effects = controller(tmp_path, clock)
    control.on_snapshot(poll(clock.now, status("claude", OK)), True)
    with HistoryStore.open(path) as store:
        control.on_history(store.read(clock.now))
    claude = next(e for e in effects.menus[-1] if "Claude" in e.text)
    texts = [c.text for c in claude.children]
    # Each poll vouches for 10 minutes at most: 10 min down, 10 min up. Too little for a figure
    # ("50.00 % (observed 0 %)" was alarming and read as a contradiction).
    assert "7-day uptime: not enough data yet (observed for 20 min of 7 days)" in texts
    assert "last outage 2 days ago, 47 min" in texts
    assert "Daily status, last 90 days" in control.details_page()


def uptime_lines(control: Controller) -> tuple[str, str]:
    """The 7-day uptime line in the menu, and in the details window as it reads the view sent
    to it over the bus (the JSON the window parses)."""
    control.on_action(Action("details"))  # the window watches: the view is kept up to date
    claude = next(e for e in control.menu() if "Claude" in e.text)
    menu = next(c.text for c in claude.children if "uptime" in c.text)
    card = details_json.loads(control.details_json()).providers[0]
    week = next(bar for bar in card.uptime if bar.days == 7)
    return menu, details_text.uptime_title(week)


@pytest.mark.parametrize(
    ("minutes_down", "polled_hours", "expected"),
    [
        (1, 0.04, "7-day uptime: not enough data yet (observed for 2 min of 7 days)"),
        (6, 2, "7-day uptime 95.00 % (observed for 2 h of 7 days)"),
    ],
)
def test_the_menu_and_the_details_window_give_the_same_figure(
    tmp_path: Path, minutes_down: int, polled_hours: float, expected: str
):
    """One history in a real SQLite file, read once: both views say the same, to the digit."""
    path = tmp_path / "history.sqlite3"
    end = T0 + timedelta(hours=polled_hours)
    with HistoryStore.open(path) as store:
        at = T0
        while at <= end:
            down = at < T0 + timedelta(minutes=minutes_down)
            store.record(poll(at, status("claude", X if down else OK)))
            at += timedelta(minutes=1)
    clock = Clock(end)
    control, _effects = controller(tmp_path, clock)
    control.on_snapshot(poll(clock.now, status("claude", OK)), True)
    with HistoryStore.open(path) as store:
        control.on_history(store.read(clock.now))
    menu, window = uptime_lines(control)
    assert menu == window == expected
