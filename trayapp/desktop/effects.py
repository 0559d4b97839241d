"""The controller's effects carried out for real: tray, notifications, browser, files.

Anything that can be slow (a ``$BROWSER`` that takes seconds, a disk that stalls) runs on one
background worker, in order, so the UI thread never waits for it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from trayapp.core.model import State
from trayapp.desktop import autostart, opener
from trayapp.desktop.control import Control, NoControl
from trayapp.desktop.controller import Announcement, IconLook
from trayapp.desktop.launcher import Failed, Launcher
from trayapp.desktop.notifier import Notifier
from trayapp.desktop.tray import ICON_SIZE, Tray
from trayapp.settings import prefs
from trayapp.settings.config import Config, write_default_config
from trayapp.views.icon import render
from trayapp.views.menu_model import Action, Entry

log = logging.getLogger(__name__)


class ShellEffects:
    """Implements :class:`trayapp.desktop.controller.Effects` on a real desktop."""

    def __init__(
        self,
        tray: Tray,
        data_dir: Path,
        refresh: Callable[[], None],
        quit: Callable[[], None],
        on_action: Callable[[Action], None] = lambda action: None,
        reconfigure: Callable[[Config], None] = lambda config: None,
        config_file: Path | None = None,
        window_failed: Failed = lambda name, reason: None,
        save_prefs: Callable[[prefs.Prefs], None] | None = None,
        channel: str = "",
    ) -> None:
        self._reconfigure = reconfigure
        # Through the prefs watcher, which then knows the file as written is no news.
        self._write_prefs = save_prefs or (lambda new: prefs.save(data_dir / "prefs.json", new))
        self._config_file = config_file
        self._window_failed = window_failed
        self._channel = channel  # a demo's windows: names of their own on the session bus
        self._control: Control = NoControl()
        self._launcher = Launcher(config_file, window_failed, channel=channel)
        self._tray = tray
        self._data_dir = data_dir
        self._refresh = refresh
        self._quit = quit
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="io")
        self._plyer: Notifier | None = None
        self._dbus: DbusNotifierLike | None = None
        if tray.backend in ("sni", "gtk", "appindicator"):  # a GLib main loop runs: use D-Bus
            try:
                from trayapp.desktop.dbus_notify import DbusNotifier

                self._dbus = DbusNotifier(self._state_icon, on_action)
            except Exception as exc:
                log.warning("notifications over D-Bus unavailable (%s); using plyer", exc)
        if self._dbus is None:
            self._plyer = Notifier(self._state_icon)

    def attach(self, control: Control) -> None:
        """The control channel, once the controller it serves exists; on D-Bus, a running
        window is then raised with one call instead of a new process."""
        self._control = control
        bus = getattr(control, "bus", None)
        if bus is not None:
            self._launcher = Launcher(self._config_file, self._window_failed, bus, self._channel)

    def close(self) -> None:
        self._control.close()
        if self._dbus is not None:
            self._dbus.close()  # the app's notifications go with it
        self._worker.shutdown(wait=False, cancel_futures=True)

    def _background(self, job: Callable[[], object]) -> None:
        def guarded() -> None:
            try:
                job()
            except Exception:
                log.exception("a background task failed")

        try:
            self._worker.submit(guarded)
        except RuntimeError:  # shut down: the app is quitting
            log.debug("background task dropped while quitting")

    # -- Effects ---------------------------------------------------------------------------
    def set_icon(self, look: IconLook) -> None:
        self._tray.set_icon(look)

    def set_title(self, text: str) -> None:
        self._tray.set_title(text)

    def set_menu(self, entries: tuple[Entry, ...]) -> None:
        self._tray.set_menu(entries)

    def notify(self, item: Announcement) -> None:
        if self._dbus is not None:
            self._dbus.send(item)
        elif self._plyer is not None:
            self._plyer.send(item)

    def notice(self, title: str, message: str) -> None:
        """A word from the app itself (no tray found, a bad config file)."""
        self.notify(Announcement.notice(title, message))

    def _state_icon(self, state: State) -> Path | None:
        """The icon a notification about ``state`` carries (an .ico on Windows, for plyer)."""
        name = f"{state.value}.ico" if sys.platform == "win32" else f"{state.value}.png"
        path = self._data_dir / "icons" / name
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                render(state, ICON_SIZE).save(path)
            except OSError as exc:
                log.warning("could not write the notification icon: %s", exc)
                return None
        return path

    def open_url(self, url: str) -> None:
        self._background(lambda: opener.open_url(url))

    def open_page(self, html: str, fragment: str) -> None:
        path = self._data_dir / "details.html"
        self._background(lambda: opener.open_page(opener.write_page(path, html), fragment))

    def show_window(self, name: str, provider: str = "") -> None:
        self._launcher.show(name, provider)

    def publish_details(self, details: str) -> None:
        self._control.publish(details)

    def open_settings(self, path: Path) -> None:
        """The settings file in an editor: where the settings window cannot open."""

        def job() -> None:
            if not path.exists():
                write_default_config(path)
            opener.open_file(path)

        self._background(job)

    def save_prefs(self, new: prefs.Prefs) -> None:
        self._background(lambda: self._write_prefs(new))

    def set_autostart(self, enabled: bool) -> bool:
        try:
            autostart.set_enabled(enabled, self._config_file)
            return autostart.is_enabled()
        except Exception:
            log.warning("could not change start at login", exc_info=True)
            return not enabled

    def refresh(self) -> None:
        self._refresh()

    def apply_config(self, config: Config) -> None:
        self._reconfigure(config)

    def quit(self) -> None:
        self._quit()


class DbusNotifierLike(Protocol):
    def send(self, item: Announcement) -> None: ...
    def close(self) -> None: ...
