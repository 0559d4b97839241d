"""The control channel on the session bus (dbus-python, on the tray's GLib main loop).

The interface is documented in :mod:`trayapp.desktop.control`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop

from trayapp.core.identity import CONTROL_BUS_NAME, CONTROL_INTERFACE, CONTROL_PATH
from trayapp.core.notify_policy import PAUSE_CHOICES
from trayapp.desktop.control import ControlHandler
from trayapp.views.menu_model import Action

log = logging.getLogger(__name__)

WINDOWS = ("details", "settings", "about")
ID_LIMIT = 100


class InvalidArgs(dbus.exceptions.DBusException):  # type: ignore[misc]
    _dbus_error_name = f"{CONTROL_INTERFACE}.Error.InvalidArgs"


class TrayObject(dbus.service.Object):  # type: ignore[misc]
    def __init__(
        self, bus: Any, handler: ControlHandler, reload_settings: Callable[[], None]
    ) -> None:
        super().__init__(bus, CONTROL_PATH)
        self._bus = bus
        self._handler = handler
        self._reload = reload_settings
        self._watchers: dict[str, Any] = {}  # unique bus name -> its name-owner watch

    # -- methods ---------------------------------------------------------------------------
    @dbus.service.method(
        CONTROL_INTERFACE, in_signature="", out_signature="s", sender_keyword="sender"
    )
    def GetDetails(self, sender: str | None = None) -> str:
        if sender and sender not in self._watchers:
            self._watchers[sender] = self._bus.watch_name_owner(
                sender, lambda owner, name=sender: self._owner_changed(name, owner)
            )
            if len(self._watchers) == 1:
                self._handler.on_watching(True)
        return self._handler.details_json()

    @dbus.service.method(
        CONTROL_INTERFACE, in_signature="", out_signature="", sender_keyword="sender"
    )
    def Unwatch(self, sender: str | None = None) -> None:
        if sender:
            self._forget(sender)

    @dbus.service.method(CONTROL_INTERFACE, in_signature="", out_signature="")
    def Refresh(self) -> None:
        self._handler.on_action(Action("refresh"))

    @dbus.service.method(CONTROL_INTERFACE, in_signature="sb", out_signature="")
    def SetMuted(self, provider_id: str, muted: bool) -> None:
        provider_id = str(provider_id)
        if not 0 < len(provider_id) <= ID_LIMIT:
            raise InvalidArgs("a provider id is 1 to 100 characters")
        self._handler.on_action(Action("mute" if muted else "unmute", provider_id))

    @dbus.service.method(CONTROL_INTERFACE, in_signature="s", out_signature="")
    def Pause(self, choice: str) -> None:
        if str(choice) not in PAUSE_CHOICES:
            raise InvalidArgs(f"expected one of {', '.join(PAUSE_CHOICES)}")
        self._handler.on_action(Action("pause", str(choice)))

    @dbus.service.method(CONTROL_INTERFACE, in_signature="", out_signature="")
    def Resume(self) -> None:
        self._handler.on_action(Action("resume"))

    @dbus.service.method(CONTROL_INTERFACE, in_signature="s", out_signature="")
    def ShowWindow(self, name: str) -> None:
        if str(name) not in WINDOWS:
            raise InvalidArgs(f"expected one of {', '.join(WINDOWS)}")
        self._handler.on_action(Action(str(name)))

    @dbus.service.method(CONTROL_INTERFACE, in_signature="", out_signature="")
    def ReloadSettings(self) -> None:
        self._reload()

    # -- signal ----------------------------------------------------------------------------
    @dbus.service.signal(CONTROL_INTERFACE, signature="s")
    def DetailsChanged(self, details: str) -> None:
        pass

    # -- watchers --------------------------------------------------------------------------
    @property
    def watched(self) -> bool:
        return bool(self._watchers)

    def _owner_changed(self, name: str, owner: str) -> None:
        if not owner:
            self._forget(name)

    def _forget(self, name: str) -> None:
        if name not in self._watchers:
            return
        self._watchers.pop(name).cancel()
        if not self._watchers:
            self._handler.on_watching(False)


class DbusControl:
    """The channel on the session bus; raises if the bus or the name cannot be had."""

    def __init__(
        self,
        handler: ControlHandler,
        reload_settings: Callable[[], None],
        bus_name: str = CONTROL_BUS_NAME,
    ) -> None:
        DBusGMainLoop(set_as_default=True)
        self.bus = dbus.SessionBus()
        self._bus_name = bus_name  # a demo's own (trayapp.core.identity.control_bus_name)
        # One tray per user is already ensured by the instance lock; a stale owner (a tray
        # from another session on the same bus) keeps the name and this one does without.
        self._name = dbus.service.BusName(bus_name, self.bus, do_not_queue=True)
        self.object = TrayObject(self.bus, handler, reload_settings)
        log.info("control channel on the session bus as %s", bus_name)

    def publish(self, details: str) -> None:
        if self.object.watched:
            self.object.DetailsChanged(details)

    def close(self) -> None:
        try:
            self.object.remove_from_connection()
            self.bus.release_name(self._bus_name)
        except Exception:  # the bus went away first: nothing left to release
            log.debug("control channel already gone", exc_info=True)
