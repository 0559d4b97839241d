"""The windows' side of the control channel: the running tray, over the session bus (GDBus).

The methods and the signal are documented in :mod:`trayapp.desktop.control`. Presence is
followed: a tray that starts while a window is open is picked up, and one that quits is
noticed, so the details window can switch between the tray's view and its own polling. Calls
are asynchronous: a busy tray never freezes a window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from gi.repository import Gio, GLib

from trayapp.core.identity import CONTROL_BUS_NAME, CONTROL_INTERFACE, CONTROL_PATH

log = logging.getLogger(__name__)

TIMEOUT_MS = 10_000
Presence = Callable[[bool], None]


class TrayLink:
    def __init__(self, bus_name: str = CONTROL_BUS_NAME) -> None:
        self._bus_name = bus_name  # the everyday tray's, or a demo's own
        self.present = False
        self.known = False  # whether the bus has answered yet
        self._connection: Gio.DBusConnection | None = None
        self._watch = 0
        self._listeners: dict[int, Presence] = {}
        self._next = 0

    def start(self) -> None:
        self._watch = Gio.bus_watch_name(
            Gio.BusType.SESSION,
            self._bus_name,
            Gio.BusNameWatcherFlags.NONE,
            self._appeared,
            self._vanished,
        )

    def stop(self) -> None:
        if self._watch:
            Gio.bus_unwatch_name(self._watch)
            self._watch = 0

    def on_presence(self, listener: Presence) -> int:
        """Call ``listener(present)`` now (once known) and whenever the tray comes or goes."""
        self._next += 1
        self._listeners[self._next] = listener
        if self.known:
            listener(self.present)
        return self._next

    def forget(self, handle: int) -> None:
        self._listeners.pop(handle, None)

    def _appeared(self, connection: Gio.DBusConnection, name: str, owner: str) -> None:
        log.info("the tray is running (%s)", owner)
        self._connection = connection
        self._set(True)

    def _vanished(self, connection: Gio.DBusConnection | None, name: str) -> None:
        log.info("no tray on the session bus")
        self._connection = connection
        self._set(False)

    def _set(self, present: bool) -> None:
        self.present, self.known = present, True
        for listener in list(self._listeners.values()):
            listener(present)

    # -- calls -----------------------------------------------------------------------------
    def call(
        self,
        method: str,
        args: GLib.Variant | None = None,
        reply: Callable[[GLib.Variant], None] | None = None,
        error: Callable[[str], None] | None = None,
    ) -> None:
        """Call ``method`` on the tray; ``error`` gets a one-line message."""
        connection = self._connection
        if connection is None or not self.present:
            if error is not None:
                error("no tray is running")
            return

        def done(source: Any, result: Gio.AsyncResult) -> None:
            try:
                value = source.call_finish(result)
            except GLib.Error as exc:
                log.warning("the tray did not answer %s: %s", method, exc.message)
                if error is not None:
                    error(exc.message)
                return
            if reply is not None:
                reply(value)

        connection.call(
            self._bus_name,
            CONTROL_PATH,
            CONTROL_INTERFACE,
            method,
            args,
            None,
            Gio.DBusCallFlags.NO_AUTO_START,
            TIMEOUT_MS,
            None,
            done,
        )

    def get_details(self, reply: Callable[[str], None], error: Callable[[str], None]) -> None:
        """The tray's details view (JSON); asking makes this window a watcher."""
        self.call("GetDetails", None, lambda value: reply(value.unpack()[0]), error)

    def on_details(self, listener: Callable[[str], None]) -> int:
        """Subscribe to ``DetailsChanged``; returns an id for :meth:`unsubscribe` (0: no bus)."""
        connection = self._connection
        if connection is None:
            return 0

        def signal(*args: Any) -> None:
            parameters = args[5]
            listener(parameters.unpack()[0])

        return int(
            connection.signal_subscribe(
                self._bus_name,
                CONTROL_INTERFACE,
                "DetailsChanged",
                CONTROL_PATH,
                None,
                Gio.DBusSignalFlags.NONE,
                signal,
            )
        )

    def unsubscribe(self, subscription: int) -> None:
        if subscription and self._connection is not None:
            self._connection.signal_unsubscribe(subscription)

    def unwatch(self) -> None:
        """This window no longer follows the view: the tray may stop building it."""
        self.call("Unwatch")

    def refresh(self) -> None:
        self.call("Refresh")

    def set_muted(self, provider_id: str, muted: bool) -> None:
        self.call("SetMuted", GLib.Variant("(sb)", (provider_id, muted)))

    def pause(self, choice: str) -> None:
        self.call("Pause", GLib.Variant("(s)", (choice,)))

    def resume(self) -> None:
        self.call("Resume")

    def reload_settings(self) -> None:
        self.call("ReloadSettings")
