"""The controller: the app's state, and the one place that turns events into effects.

Events are a new snapshot from the polling thread, a menu action, a tick, or the polling thread's
death. Effects go through :class:`Effects` (set the icon, the title and the menu; notify; open a
link or page; save prefs; refresh; quit). The controller is single-threaded: the shell delivers
every event on the UI thread (see :mod:`trayapp.desktop.uithread`), so it needs no locks, and
it is unit-tested with a fake :class:`Effects`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from trayapp.core import since
from trayapp.core.datasaver import DataSaver, menu_line
from trayapp.core.history import ProviderHistory, ongoing_outages, seed_memory
from trayapp.core.i18n import _
from trayapp.core.identity import APP_NAME
from trayapp.core.loudness import LEVELS, SILENT
from trayapp.core.model import Snapshot, State
from trayapp.core.notify_policy import (
    Kind,
    Memory,
    Notification,
    Settings,
    decide,
    pause_end,
)
from trayapp.core.text import safe_link
from trayapp.settings import language
from trayapp.settings.config import Config
from trayapp.settings.prefs import Prefs
from trayapp.views.menu_model import Action, Entry, MenuState, build
from trayapp.views.summary import tooltip

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IconLook:
    """What the icon shows: the overall state, and whether some providers are unknown."""

    state: State
    partial_unknown: bool = False
    paused: bool = False  # notifications paused, off, or every provider muted: a badge says so
    unconfirmed: bool = False  # a problem only the API probe reports (the page does not yet)


@dataclass(frozen=True)
class Announcement:
    """A notification as the shell shows it: the policy's note (or an app notice), the state it
    announces (for its icon and urgency) and where its buttons lead."""

    title: str
    message: str
    state: State | None = None
    note: Notification | None = None
    status_page: str | None = None
    alternative: tuple[str, str] | None = None  # (name, chat URL)

    @classmethod
    def notice(cls, title: str, message: str) -> Announcement:
        return cls(title, message)


class Effects(Protocol):
    """What the controller asks of the outside world; the desktop shell implements it."""

    def set_icon(self, look: IconLook) -> None: ...
    def set_title(self, text: str) -> None: ...
    def set_menu(self, entries: tuple[Entry, ...]) -> None: ...
    def notify(self, item: Announcement) -> None: ...
    def open_url(self, url: str) -> None: ...
    def open_page(self, html: str, fragment: str) -> None: ...
    def show_window(self, name: str) -> None: ...
    def publish_details(self, details: str) -> None: ...
    def open_settings(self, path: Path) -> None: ...
    def save_prefs(self, prefs: Prefs) -> None: ...
    def set_autostart(self, enabled: bool) -> bool: ...
    def apply_config(self, config: Config) -> None: ...
    def refresh(self) -> None: ...
    def quit(self) -> None: ...


@dataclass(frozen=True)
class Context:
    """Facts about the running app shown on the details page and used by "Settings…"."""

    config_file: Path
    log_file: Path | None = None
    version: str = ""
    notice: str = ""  # the start-up self-check's line (trayapp.desktop.selfcheck), if any


class Controller:
    """Owns the last snapshot, the notification memory and the user's menu choices."""

    def __init__(
        self,
        config: Config,
        prefs: Prefs,
        effects: Effects,
        clock: Callable[[], datetime],
        context: Context,
        autostart: bool = False,
        config_error: str | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        windows: bool = True,
    ) -> None:
        self.config = config
        self.config_error = config_error  # the settings file's problem, while it lasts
        self.prefs = prefs
        self.snapshot: Snapshot | None = None
        self.memory = Memory()
        self.autostart = autostart
        self.poller_error: str | None = None
        self.data_saver: DataSaver | None = None
        self.history: dict[str, ProviderHistory] = {}
        self.tracks: dict[str, since.Track] = {}  # since when each provider is in its state
        self._history_seeded = False
        self._effects = effects
        self._clock = clock  # aware, in the user's zone: views format times in it
        self._monotonic = monotonic  # spaces notifications; a replay's runs as fast as its clock
        self._windows = windows  # False: the details open as a page (a demo's)
        self._context = context
        self._shown_icon: IconLook | None = None
        self._shown_title: str | None = None
        self._shown_menu: tuple[Entry, ...] | None = None
        self._details_watched = False  # a window follows the details view
        self._shown_details: str | None = None

    # -- events ----------------------------------------------------------------------------
    def start(self) -> None:
        """Show what is known before the first poll (and a settings file that cannot be used)."""
        if self.config_error:
            self._effects.notify(Announcement.notice(_("Settings not applied"), self.config_error))
        self._render()

    def on_config(self, config: Config) -> None:
        """A valid settings file, edited while the app runs: applied as it is."""
        self.config_error = None
        if _polling(config) != _polling(self.config):
            self._effects.apply_config(config)  # a new polling thread; the rest is read live
        if config.language != self.config.language:
            language.apply(language.choose(config.language, os.environ))
        self.config = config
        self._render()

    def on_config_error(self, message: str) -> None:
        """An edit that does not validate: the running settings stay; said once per problem."""
        if message != self.config_error:
            self.config_error = message
            self._effects.notify(Announcement.notice(_("Settings not applied"), message))
        self._render()

    def on_snapshot(self, snapshot: Snapshot, complete: bool) -> None:
        """A (partial) snapshot from the polling thread; whole polls may notify."""
        self.snapshot = snapshot
        self.tracks = since.advance(self.tracks, snapshot, self.history)
        if complete:
            settings = Settings(
                enabled=self.config.notifications,
                muted=frozenset(self.config.muted) | self.prefs.muted,
                paused_until=self.prefs.paused_until,
                loudness={pid: LEVELS[key] for pid, key in self.config.loudness.items()},
            )
            self.memory, notes = decide(
                self.memory, snapshot, self._clock(), settings, monotonic=self._monotonic()
            )
            for note in notes:
                self._effects.notify(announcement(note, snapshot))
        self._render()

    def on_tick(self) -> None:
        """Time passed: whatever depends on it (a pause that ended) is brought up to date."""
        self._render()

    def on_history(self, histories: Sequence[ProviderHistory]) -> None:
        """Fresh history from the recorder, for the menu and the details page.

        The first one (read at start) also seeds the notification memory, so a recovery after
        a restart still says how long the outage lasted.
        """
        self.history = {h.id: h for h in histories}
        if not self._history_seeded:
            self._history_seeded = True
            ongoing = ongoing_outages(histories, self._clock())
            self.memory = seed_memory(self.memory, ongoing)
        self.tracks = since.seed(self.tracks, self.history)
        self._render()

    def on_data_saver(self, saver: DataSaver) -> None:
        """The polling thread's pace changed (a metered connection, or the setting)."""
        self.data_saver = saver
        self._render()

    def on_prefs(self, prefs: Prefs) -> None:
        """The saved choices changed outside the menu (the settings window's pause)."""
        if prefs != self.prefs:
            self.prefs = prefs
            self._render()

    def on_autostart(self, enabled: bool) -> None:
        """Start at login was switched elsewhere (the settings window)."""
        if enabled != self.autostart:
            self.autostart = enabled
            self._render()

    def on_poller_died(self, message: str) -> None:
        self.poller_error = message
        self._render()

    def on_watching(self, watched: bool) -> None:
        """A window started (or stopped) following the details view."""
        self._details_watched = watched
        self._shown_details = None
        self._render()

    def on_window_failed(self, name: str, reason: str) -> None:
        """A window could not start here: the page in the browser instead, saying why (the
        settings file in an editor for the settings window)."""
        if name == "settings":
            self._effects.open_settings(self._context.config_file)
            return
        note = _("The window could not open ({reason}); showing this page instead.")
        fragment = "about" if name == "about" else ""
        self._effects.open_page(self.details_page(note.format(reason=reason)), fragment)

    def on_action(self, action: Action) -> None:
        """A menu action; a failure is logged, never raised into the toolkit."""
        log.info("menu: %s", action.verb)
        try:
            self._act(action)
        except Exception:
            log.exception("menu action %s failed", action.verb)

    # -- actions ---------------------------------------------------------------------------
    def _act(self, action: Action) -> None:
        verb, arg = action.verb, action.arg
        if verb == "open_url" and arg:
            self._effects.open_url(arg)
        elif verb in ("details", "about", "settings") and self._windows:
            self._effects.show_window(verb)
        elif verb in ("details", "about"):  # a details with a provider id: at its section
            fragment = "about" if verb == "about" else f"p-{arg}" if arg else ""
            self._effects.open_page(self.details_page(), fragment)
        elif verb == "refresh":
            self._effects.refresh()
        elif verb == "toggle_mute" and arg:
            self._set_prefs(replace(self.prefs, muted=self.prefs.muted ^ {arg}))
        elif verb in ("mute", "unmute") and arg in {p.id for p in self.config.providers}:
            muted = self.prefs.muted | {arg} if verb == "mute" else self.prefs.muted - {arg}
            self._set_prefs(replace(self.prefs, muted=muted))
        elif verb == "pause" and arg:
            until = pause_end(arg, self._clock())
            self._set_prefs(replace(self.prefs, paused_until=until))
        elif verb == "resume":
            self._set_prefs(replace(self.prefs, paused_until=None))
        elif verb == "autostart":
            self.autostart = self._effects.set_autostart(not self.autostart)
            self._render()
        elif verb == "settings":
            self._effects.open_settings(self._context.config_file)
        elif verb == "quit":
            self._effects.quit()
        else:
            log.warning("unknown menu action %r", action)

    def _set_prefs(self, prefs: Prefs) -> None:
        self.prefs = prefs
        self._effects.save_prefs(prefs)
        self._render()

    # -- views -----------------------------------------------------------------------------
    def details_page(self, note: str = "") -> str:
        """The page in the browser, where no window can open."""
        from trayapp.views import details  # only when asked for: the tray keeps what it imports

        return details.render(
            self.snapshot,
            self._clock(),
            log_file=self._context.log_file,
            config_file=self._context.config_file,
            version=self._context.version,
            notice=self._context.notice,
            history=self.history,
            note=note,
        )

    def details_json(self) -> str:
        """The details window's view, as the control channel sends it."""
        from trayapp.views import details_json, details_view  # only once a window asks

        view = details_view.build(
            self.snapshot,
            self.history,
            self.tracks,
            muted=self.prefs.muted,
            muted_in_settings=frozenset(self.config.muted),
            paused_until=self._paused_until(),
            notifications=self.config.notifications,
            problem=self.poller_error or self.config_error,
        )
        return details_json.dumps(view)

    def _paused_until(self) -> datetime | None:
        until = self.prefs.paused_until
        return until if until is not None and self._clock() < until else None

    def menu(self) -> tuple[Entry, ...]:
        state = MenuState(
            muted=self.prefs.muted,
            muted_in_settings=frozenset(self.config.muted)
            | {pid for pid, key in self.config.loudness.items() if key == SILENT},
            paused_until=self.prefs.paused_until,
            autostart=self.autostart,
            poller_error=self.poller_error,
            data_saver=menu_line(self.data_saver) if self.data_saver else None,
            history=self.history,
            # The file's name is enough in a menu (the notification has the whole path).
            config_error=self.config_error.replace(
                str(self._context.config_file), self._context.config_file.name
            )
            if self.config_error
            else None,
        )
        return build(self.snapshot, state, self._clock())

    def _quiet(self) -> bool:
        """No notification would be shown now: paused, turned off, or everything muted."""
        until = self.prefs.paused_until
        if not self.config.notifications or (until is not None and self._clock() < until):
            return True
        silent = {pid for pid, key in self.config.loudness.items() if key == SILENT}
        muted = frozenset(self.config.muted) | self.prefs.muted | silent
        ids = {p.id for p in self.config.providers}
        return bool(ids) and ids <= muted

    def _render(self) -> None:
        """Bring icon, title and menu in line with the state, touching only what changed."""
        snapshot = self.snapshot
        if self.poller_error or snapshot is None:
            look = IconLook(State.UNKNOWN, paused=self._quiet())
            title = f"{APP_NAME}: {self.poller_error}" if self.poller_error else tooltip(None)
        else:
            partial = snapshot.unknown_count > 0 and snapshot.overall.is_known
            # Marked only when the icon's state comes from probes alone, not from any page.
            worst = [p for p in snapshot.providers if p.state is snapshot.overall]
            unconfirmed = bool(worst) and all(p.unconfirmed for p in worst)
            look = IconLook(snapshot.overall, partial, self._quiet(), unconfirmed)
            title = tooltip(snapshot)
        if look != self._shown_icon:
            self._shown_icon = look
            self._effects.set_icon(look)
        if title != self._shown_title:
            self._shown_title = title
            self._effects.set_title(title)
        menu = self.menu()
        if menu != self._shown_menu:
            self._shown_menu = menu
            self._effects.set_menu(menu)
        if self._details_watched:
            details = self.details_json()
            if details != self._shown_details:
                self._shown_details = details
                self._effects.publish_details(details)


def announcement(note: Notification, snapshot: Snapshot) -> Announcement:
    """``note`` with the worst state it announces and, for one provider, its links."""
    about = [p for p in snapshot.providers if p.id in note.provider_ids]
    state = max((p.state for p in about), key=lambda s: s.severity, default=None)
    if note.kind is Kind.UNREACHABLE:
        state = snapshot.overall
    page = alternative = None
    if len(about) == 1:
        page = safe_link(about[0].status_page)
        usable = [a for a in about[0].alternatives if safe_link(a.url)]
        if usable and note.kind is not Kind.RECOVERY:
            alternative = (usable[0].name, usable[0].url)
    return Announcement(note.title, note.message, state, note, page, alternative)


def _polling(config: Config) -> tuple[object, ...]:
    """What the polling thread reads once, at its start."""
    return (
        config.providers,
        config.poll_interval,
        config.cheap_poll_interval,
        config.data_saver,
        config.data_saver_interval,
    )
