"""The tray shell: pystray icon and menu, fed by the polling thread's hand-over.

pystray owns the main thread. The polling thread hands each snapshot to :meth:`TrayApp.publish`,
which is the only place the icon, title and menu are changed (pystray's GTK backend queues
those changes onto its main loop). Menu actions run on pystray's thread.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trayapp import APP_ID, APP_NAME, autostart, details, opener, paths, prefs
from trayapp.config import Config, write_default_config
from trayapp.icon import render
from trayapp.menu_model import SEPARATOR, Action, Entry, MenuState, build
from trayapp.model import Snapshot, State
from trayapp.notifier import Notifier
from trayapp.notify_policy import Memory, Settings, decide
from trayapp.polling_thread import PollingThread
from trayapp.summary import tooltip

log = logging.getLogger(__name__)

ICON_SIZE = 64


class TrayApp:
    def __init__(self, config: Config, log_file: Path | None = None) -> None:
        self.config = config
        self.log_file = log_file
        data = paths.data_dir()
        self.details_path = data / "details.html"
        self.prefs_path = data / "prefs.json"
        self.prefs = prefs.load(self.prefs_path)
        self.snapshot: Snapshot | None = None
        self.poller_error: str | None = None
        self.memory = Memory()
        self._lock = threading.RLock()
        self._icon_key: tuple[State, bool] | None = None
        self._autostart = _safe(autostart.is_enabled, False)
        self.notifier = Notifier(_notification_icon(data))
        self.poller = PollingThread(config, self.publish, self.rerender, self.poller_died)
        self.icon: Any = None
        self.stopping = threading.Event()
        self.stopped = threading.Event()

    # -- lifecycle -------------------------------------------------------------------------
    def run(self) -> None:
        """Show the icon and block until Quit (or :meth:`stop`)."""
        # A tray icon never draws with OpenGL, but GDK probes GLX for visuals at start-up, which
        # loads the GL driver: with Mesa's llvmpipe that alone is ~55 MB of resident memory.
        os.environ.setdefault("GDK_GL", "disable")
        _name_the_program()
        import pystray  # only here: it needs a display to import

        self.icon = pystray.Icon(
            APP_ID,
            icon=render(State.UNKNOWN, ICON_SIZE),
            title=tooltip(None),
            menu=self._pystray_menu(pystray),
        )
        log.info("tray starting (backend %s)", type(self.icon).__module__)
        try:
            self.icon.run(setup=self._setup)
        except Exception:
            if not self.stopping.is_set():
                raise  # it never ran: the caller falls back to the terminal view
            # pystray's GTK backend hides its own notification on the way out and raises when
            # no notification service is on the bus; the app is quitting anyway.
            log.warning("pystray failed while closing", exc_info=True)
        finally:
            self.poller.stop()
            self.stopped.set()
            log.info("tray stopped")

    def _setup(self, icon: Any) -> None:
        icon.visible = True
        log.info("icon visible")
        self.poller.start()

    def stop(self) -> None:
        log.info("quitting")
        self.stopping.set()
        self.poller.stop()
        if self.icon is not None:
            try:
                self.icon.stop()
            except Exception:  # e.g. GLib.GError with no notification service on the bus
                log.warning("pystray stop() failed", exc_info=True)

    # -- hand-over from the polling thread -------------------------------------------------
    def publish(self, snapshot: Snapshot, complete: bool) -> None:
        with self._lock:
            self.snapshot = snapshot
            if complete:
                self._notify(snapshot)
        self.rerender()

    def poller_died(self, message: str) -> None:
        with self._lock:
            self.poller_error = message
        self.rerender()

    def rerender(self) -> None:
        """Bring icon, tooltip and menu in line with the current snapshot and choices."""
        icon = self.icon
        if icon is None:
            return
        with self._lock:
            snapshot = self.snapshot
            if self.poller_error or snapshot is None:
                key = (State.UNKNOWN, False)
                title = f"{APP_NAME}: {self.poller_error}" if self.poller_error else tooltip(None)
            else:
                key = (snapshot.overall, snapshot.unknown_count > 0 and snapshot.overall.is_known)
                title = tooltip(snapshot)
            if key != self._icon_key:
                self._icon_key = key
                icon.icon = render(key[0], ICON_SIZE, partial_unknown=key[1])
            if title != icon.title:
                icon.title = title
                _gtk_tooltip(icon, title)
            import pystray

            icon.menu = self._pystray_menu(pystray)

    # -- notifications ---------------------------------------------------------------------
    def _notify(self, snapshot: Snapshot) -> None:
        settings = Settings(
            enabled=self.config.notifications,
            muted=frozenset(self.config.muted) | self.prefs.muted,
            paused_until=self.prefs.paused_until,
        )
        self.memory, notes = decide(self.memory, snapshot, datetime.now(UTC), settings)
        for note in notes:
            self.notifier.send(note)

    # -- menu ------------------------------------------------------------------------------
    def _menu_state(self) -> MenuState:
        return MenuState(
            muted=self.prefs.muted,
            muted_in_settings=frozenset(self.config.muted),
            paused_until=self.prefs.paused_until,
            autostart=self._autostart,
            poller_error=self.poller_error,
        )

    def _pystray_menu(self, pystray: Any) -> Any:
        entries = build(self.snapshot, self._menu_state(), datetime.now(UTC))
        return pystray.Menu(*(self._item(pystray, e) for e in entries))

    def _item(self, pystray: Any, entry: Entry) -> Any:
        if entry is SEPARATOR:
            return pystray.Menu.SEPARATOR
        if entry.children:
            submenu = pystray.Menu(*(self._item(pystray, c) for c in entry.children))
            return pystray.MenuItem(entry.text, submenu, enabled=entry.enabled)
        action = entry.action

        def activate(icon: Any, item: Any) -> None:
            if action is not None:
                self.dispatch(action)

        kwargs: dict[str, Any] = {"enabled": entry.enabled, "default": entry.default}
        if entry.checked is not None:
            checked = entry.checked
            kwargs["checked"] = lambda item: checked
        return pystray.MenuItem(entry.text, activate, **kwargs)

    def dispatch(self, action: Action) -> None:
        """Carry out a menu action; a failure is logged, never raised into the toolkit."""
        try:
            self._dispatch(action)
        except Exception:
            log.exception("menu action %s failed", action.verb)

    def _dispatch(self, action: Action) -> None:
        verb, arg = action.verb, action.arg
        log.info("menu: %s", verb)
        if verb == "open_url":
            opener.open_url(arg)
        elif verb == "details":
            opener.open_page(self.write_details())
        elif verb == "about":
            opener.open_page(self.write_details(), "about")
        elif verb == "refresh":
            self.poller.refresh()
        elif verb == "toggle_mute" and arg:
            muted = set(self.prefs.muted) ^ {arg}
            self._save_prefs(prefs.Prefs(frozenset(muted), self.prefs.paused_until))
        elif verb == "pause" and arg:
            self._save_prefs(prefs.Prefs(self.prefs.muted, datetime.fromisoformat(arg)))
        elif verb == "resume":
            self._save_prefs(prefs.Prefs(self.prefs.muted, None))
        elif verb == "autostart":
            autostart.set_enabled(not self._autostart)
            self._autostart = autostart.is_enabled()
            self.rerender()
        elif verb == "settings":
            path = self.config.path or paths.config_file()
            if not path.exists():
                write_default_config(path)
            opener.open_file(path)
        elif verb == "quit":
            self.stop()

    def _save_prefs(self, new: prefs.Prefs) -> None:
        with self._lock:
            self.prefs = new
        prefs.save(self.prefs_path, new)
        self.rerender()

    def write_details(self) -> Path:
        with self._lock:
            snapshot = self.snapshot
        page = details.render(
            snapshot,
            datetime.now(UTC),
            log_file=self.log_file,
            config_file=self.config.path or paths.config_file(),
        )
        return details.write(self.details_path, page)


def _name_the_program() -> None:
    """GTK names windows after argv[0] ("__main__.py" under ``python -m``); use the app's name."""
    try:
        from gi.repository import GLib

        GLib.set_prgname(APP_ID)
        GLib.set_application_name(APP_NAME)
    except Exception:  # no GObject here: another pystray backend will be used
        log.debug("GLib not available to set the program name", exc_info=True)


def _gtk_tooltip(icon: Any, text: str) -> None:
    """pystray's GTK backend sets only the accessible title; show it on hover too."""
    status_icon = getattr(icon, "_status_icon", None)
    if status_icon is None:
        return
    try:
        from gi.repository import GLib

        GLib.idle_add(status_icon.set_tooltip_text, text)
    except Exception:
        log.debug("could not set the GTK tooltip", exc_info=True)


def _notification_icon(data_dir: Path) -> Path | None:
    """The icon notifications carry: a PNG (an .ico on Windows, which plyer requires)."""
    import sys

    path = data_dir / ("icon.ico" if sys.platform == "win32" else "icon.png")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        render(State.OPERATIONAL, ICON_SIZE).save(path)
    except OSError as exc:
        log.warning("could not write the notification icon: %s", exc)
        return None
    return path


def _safe(func: Any, default: Any) -> Any:
    try:
        return func()
    except Exception:
        log.warning("%s failed", getattr(func, "__name__", func), exc_info=True)
        return default
