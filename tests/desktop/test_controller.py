"""The controller with a fake desktop: every event and menu action, and what the user sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import ProviderStatus, Snapshot, State
from trayapp.core.notify_policy import Kind, Notification
from trayapp.desktop.controller import Context, Controller, IconLook
from trayapp.settings.config import Config
from trayapp.settings.prefs import Prefs
from trayapp.views.menu_model import SEPARATOR, Action, Entry

BERLIN = ZoneInfo("Europe/Berlin")
JAKARTA = ZoneInfo("Asia/Jakarta")


@dataclass
class FakeDesktop:
    """Records every effect, in order."""

    calls: list[tuple[str, Any]] = field(default_factory=list)
    autostart_works: bool = True

    def __getattr__(self, name: str) -> Any:
        def record(*args: Any) -> Any:
            self.calls.append((name, args[0] if len(args) == 1 else args))
            if name == "set_autostart":
                return args[0] if self.autostart_works else not args[0]
            return None

        return record

    def named(self, name: str) -> list[Any]:
        return [arg for call, arg in self.calls if call == name]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def status(state: State, pid: str = "claude", name: str = "Claude") -> ProviderStatus:
    return ProviderStatus(
        id=pid,
        name=name,
        state=state,
        checked_at=datetime(2026, 11, 20, 14, 0, tzinfo=UTC),
        status_page=f"https://status.{pid}.example",
        chat_url=f"https://{pid}.example",
    )


def snapshot(*providers: ProviderStatus, at: datetime) -> Snapshot:
    return build_snapshot(providers, at)


def make(
    now: datetime = datetime(2026, 11, 20, 21, 0, tzinfo=JAKARTA),
    prefs: Prefs | None = None,
    **config: Any,
) -> tuple[Controller, FakeDesktop, Clock]:
    desktop = FakeDesktop()
    clock = Clock(now)
    controller = Controller(
        Config(providers=(), **config),
        prefs or Prefs(),
        desktop,
        clock=clock,
        context=Context(config_file=Path("/home/u/.config/ai-status-tray/config.toml")),
    )
    controller.start()
    return controller, desktop, clock


def find(entries: tuple[Entry, ...], text: str) -> Entry:
    for entry in entries:
        if entry.text.startswith(text):
            return entry
        if entry.children:
            try:
                return find(entry.children, text)
            except LookupError:
                pass
    raise LookupError(text)


def test_before_the_first_poll_the_icon_is_unknown_and_says_so():
    _, desktop, _ = make()
    assert desktop.named("set_icon") == [IconLook(State.UNKNOWN)]
    assert desktop.named("set_title") == ["AI Status Tray: checking…"]
    assert desktop.named("set_menu")[0][1] == Entry("Checking status pages…", enabled=False)


def test_a_snapshot_changes_icon_title_and_menu_once_and_only_when_they_change():
    controller, desktop, clock = make()
    down = snapshot(status(State.MAJOR_OUTAGE), at=clock.now)
    controller.on_snapshot(down, complete=True)
    assert desktop.named("set_icon")[-1] == IconLook(State.MAJOR_OUTAGE)
    assert desktop.named("set_title")[-1] == "Claude: major outage"
    before = len(desktop.calls)
    controller.on_snapshot(down, complete=True)  # the same again: nothing to redraw
    controller.on_tick()
    assert desktop.calls[before:] == []


def test_an_unknown_provider_turns_a_green_icon_grey_and_marks_a_problem_icon():
    controller, desktop, clock = make()
    controller.on_snapshot(
        snapshot(status(State.OPERATIONAL), status(State.UNKNOWN, "x", "X"), at=clock.now), True
    )
    assert desktop.named("set_icon")[-1] == IconLook(State.UNKNOWN)  # never green
    controller.on_snapshot(
        snapshot(status(State.DEGRADED), status(State.UNKNOWN, "x", "X"), at=clock.now), True
    )
    assert desktop.named("set_icon")[-1] == IconLook(State.DEGRADED, partial_unknown=True)


def test_outage_and_recovery_are_notified_after_confirmation_partials_never_notify():
    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    for _ in range(3):
        clock.now += timedelta(minutes=1)
        controller.on_snapshot(snapshot(status(State.MAJOR_OUTAGE), at=clock.now), False)
    assert desktop.named("notify") == []
    for _ in range(2):
        clock.now += timedelta(minutes=1)
        controller.on_snapshot(snapshot(status(State.MAJOR_OUTAGE), at=clock.now), True)
    notes: list[Notification] = [item.note for item in desktop.named("notify")]
    assert [(n.kind, n.title) for n in notes] == [(Kind.OUTAGE, "Claude: major outage")]
    for _ in range(2):
        clock.now += timedelta(minutes=1)
        controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    notes = [item.note for item in desktop.named("notify")]
    assert notes[-1].kind is Kind.RECOVERY and notes[-1].title.startswith("Claude is back")


def test_notifications_respect_the_config_and_the_menu_mute():
    controller, desktop, clock = make(prefs=Prefs(muted=frozenset({"claude"})))
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    for _ in range(3):
        clock.now += timedelta(minutes=1)
        controller.on_snapshot(snapshot(status(State.MAJOR_OUTAGE), at=clock.now), True)
    assert desktop.named("notify") == []


def test_mute_toggles_saves_and_redraws_the_check_mark():
    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    controller.on_action(Action("toggle_mute", "claude"))
    assert controller.prefs.muted == {"claude"}
    assert desktop.named("save_prefs")[-1] == Prefs(muted=frozenset({"claude"}))
    assert find(desktop.named("set_menu")[-1], "Mute notifications").checked is True
    controller.on_action(Action("toggle_mute", "claude"))
    assert desktop.named("save_prefs")[-1] == Prefs()
    assert find(desktop.named("set_menu")[-1], "Mute notifications").checked is False


@pytest.mark.parametrize(
    ("now", "choice", "until"),
    [
        # 20:00 CET on the eve of the spring change: tomorrow 08:00 is CEST (+02:00).
        (
            datetime(2026, 3, 28, 20, 0, tzinfo=BERLIN),
            "tomorrow",
            datetime(2026, 3, 29, 6, 0, tzinfo=UTC),
        ),
        # 01:30 CET + one real hour = 03:30 CEST (02:00-03:00 does not exist that night).
        (
            datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN),
            "1h",
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        ),
        # Autumn: tomorrow 08:00 is CET (+01:00) again.
        (
            datetime(2026, 10, 24, 22, 0, tzinfo=BERLIN),
            "tomorrow",
            datetime(2026, 10, 25, 7, 0, tzinfo=UTC),
        ),
        (
            datetime(2026, 11, 20, 23, 30, tzinfo=JAKARTA),
            "tomorrow",
            datetime(2026, 11, 21, 1, 0, tzinfo=UTC),
        ),
    ],
)
def test_pause_ends_are_resolved_at_the_click_in_local_time(now, choice, until):
    controller, desktop, clock = make(now=now - timedelta(hours=5))
    clock.now = now  # the menu was built hours ago: the click decides
    controller.on_action(Action("pause", choice))
    saved: Prefs = desktop.named("save_prefs")[-1]
    assert saved.paused_until == until
    assert (
        saved.paused_until is not None
        and saved.paused_until.utcoffset() == until.astimezone(now.tzinfo).utcoffset()
    )


def test_pause_shows_in_the_menu_silences_and_resume_ends_it():
    controller, desktop, clock = make(now=datetime(2026, 11, 20, 21, 0, tzinfo=JAKARTA))
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    controller.on_action(Action("pause", "1h"))
    assert find(desktop.named("set_menu")[-1], "Notifications paused until 22:00 WIB")
    for _ in range(3):
        clock.now += timedelta(minutes=1)
        controller.on_snapshot(snapshot(status(State.MAJOR_OUTAGE), at=clock.now), True)
    assert desktop.named("notify") == []
    controller.on_action(Action("resume"))
    assert desktop.named("save_prefs")[-1].paused_until is None
    assert find(desktop.named("set_menu")[-1], "Pause notifications")


def test_a_pause_that_ended_leaves_the_menu_at_the_next_tick():
    controller, desktop, clock = make()
    controller.on_action(Action("pause", "1h"))
    clock.now += timedelta(hours=1, minutes=1)
    controller.on_tick()
    assert find(desktop.named("set_menu")[-1], "Pause notifications")


@pytest.mark.parametrize("works", [True, False])
def test_start_at_login_shows_what_the_system_really_did(works: bool):
    controller, desktop, _ = make()
    desktop.autostart_works = works
    controller.on_action(Action("autostart"))
    assert desktop.named("set_autostart") == [True]
    assert find(desktop.named("set_menu")[-1], "Start at login").checked is works


def test_links_details_about_settings_refresh_and_quit_become_effects():
    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.MAJOR_OUTAGE), at=clock.now), True)
    controller.on_action(Action("open_url", "https://status.claude.example"))
    controller.on_action(Action("details"))
    controller.on_action(Action("about"))
    controller.on_action(Action("settings"))
    controller.on_action(Action("refresh"))
    controller.on_action(Action("quit"))
    effects = [c for c in desktop.calls if c[0] not in ("set_icon", "set_title", "set_menu")]
    assert [name for name, _ in effects] == [
        "open_url",
        "show_window",
        "show_window",
        "show_window",
        "refresh",
        "quit",
    ]
    assert effects[0][1] == "https://status.claude.example"
    assert [effects[1][1], effects[2][1], effects[3][1]] == ["details", "about", "settings"]


def test_the_settings_file_opens_in_an_editor_where_the_settings_window_cannot():
    controller, desktop, _ = make()
    controller.on_window_failed("settings", "no GTK 4")
    assert desktop.named("open_settings") == [Path("/home/u/.config/ai-status-tray/config.toml")]
    assert desktop.named("open_page") == []


def test_every_menu_entry_with_an_action_is_handled():
    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)

    def actions(entries: tuple[Entry, ...]) -> list[Action]:
        found = []
        for e in entries:
            if e is not SEPARATOR and e.action is not None:
                found.append(e.action)
            found += actions(e.children)
        return found

    for action in actions(desktop.named("set_menu")[-1]):
        before = len(desktop.calls)
        controller.on_action(action)
        assert len(desktop.calls) > before, f"{action} did nothing"


def test_a_failing_effect_is_logged_not_raised(caplog: pytest.LogCaptureFixture):
    controller, desktop, _ = make()

    def broken(url: str) -> None:
        raise OSError("no browser")

    desktop.open_url = broken  # type: ignore[attr-defined]
    controller.on_action(Action("open_url", "https://a.example"))
    assert "menu action open_url failed" in caplog.text


def test_a_dead_polling_thread_turns_the_icon_grey_and_says_why():
    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    controller.on_poller_died("Status checks stopped (SystemExit: boom); restart the app")
    assert desktop.named("set_icon")[-1] == IconLook(State.UNKNOWN)
    assert desktop.named("set_title")[-1].startswith("AI Status Tray: Status checks stopped")
    assert find(desktop.named("set_menu")[-1], "Status checks stopped")


def test_a_language_changed_in_the_settings_applies_at_once():
    from trayapp.settings.language import apply

    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.OPERATIONAL), at=clock.now), True)
    try:
        controller.on_config(Config(providers=(), language="id"))
        assert find(desktop.named("set_menu")[-1], "Tampilkan rincian…")
        controller.on_config(Config(providers=(), language="en"))
        assert find(desktop.named("set_menu")[-1], "Show details…")
    finally:
        apply("en")


def test_notifications_are_spaced_on_the_controller_s_own_monotonic_clock():
    """A replay runs the gap between notifications as fast as its clock: ten of its minutes
    after an outage, a relapse is news again even if only ten real seconds passed."""
    mono = [0.0]
    desktop = FakeDesktop()
    clock = Clock(datetime(2026, 11, 20, 14, 0, tzinfo=JAKARTA))
    controller = Controller(
        Config(providers=()),
        Prefs(),
        desktop,
        clock=clock,
        context=Context(config_file=Path("/tmp/c.toml")),
        monotonic=lambda: mono[0],
    )

    def poll(state: State) -> None:
        controller.on_snapshot(build_snapshot([status(state)], clock.now), complete=True)
        clock.now += timedelta(minutes=1)
        mono[0] += 60

    for state in [State.OPERATIONAL, State.MAJOR_OUTAGE, State.MAJOR_OUTAGE]:
        poll(state)
    for state in [State.OPERATIONAL, State.OPERATIONAL]:
        poll(state)
    mono[0] += 600  # ten minutes of the controller's clock
    for state in [State.MAJOR_OUTAGE, State.MAJOR_OUTAGE]:
        poll(state)
    titles = [n.title for n in desktop.named("notify")]
    assert titles == [
        "Claude: major outage",
        "Claude is back — down 2 min",
        "Claude: major outage",
    ], titles
