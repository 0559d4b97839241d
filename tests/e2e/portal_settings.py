"""The desktop's light/dark preference, served as desktops serve it: the XDG settings portal.

Owns ``org.freedesktop.portal.Desktop`` on the test session bus and answers
``org.freedesktop.portal.Settings.Read/ReadAll`` for ``org.freedesktop.appearance
color-scheme`` (0: no preference, 1: prefer dark, 2: prefer light), which libadwaita reads at
start and follows through ``SettingChanged``. A test switches it, as a user does in the
desktop's settings, with ``SetColorScheme(u)`` on the interface ``org.aistatustray.Test``.
Prints "ready" once it owns the name.
"""

from __future__ import annotations

import sys
from typing import Any

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.portal.Desktop"
PATH = "/org/freedesktop/portal/desktop"
SETTINGS = "org.freedesktop.portal.Settings"
TEST_INTERFACE = "org.aistatustray.Test"
APPEARANCE = "org.freedesktop.appearance"


class NotFound(dbus.exceptions.DBusException):  # type: ignore[misc]
    _dbus_error_name = "org.freedesktop.portal.Error.NotFound"


class Portal(dbus.service.Object):  # type: ignore[misc]
    def __init__(self, bus: Any, scheme: int) -> None:
        super().__init__(bus, PATH)
        self.scheme = scheme

    @dbus.service.method(SETTINGS, in_signature="ss", out_signature="v")
    def Read(self, namespace, key):
        if (str(namespace), str(key)) != (APPEARANCE, "color-scheme"):
            raise NotFound(f"{namespace} {key}")
        # The portal's Read wraps the value in a second variant (its documented quirk).
        return dbus.UInt32(self.scheme, variant_level=2)

    @dbus.service.method(SETTINGS, in_signature="as", out_signature="a{sa{sv}}")
    def ReadAll(self, namespaces):
        return {APPEARANCE: {"color-scheme": dbus.UInt32(self.scheme, variant_level=1)}}

    @dbus.service.signal(SETTINGS, signature="ssv")
    def SettingChanged(self, namespace, key, value):
        pass

    @dbus.service.method(TEST_INTERFACE, in_signature="u", out_signature="")
    def SetColorScheme(self, scheme):
        self.scheme = int(scheme)
        self.SettingChanged(APPEARANCE, "color-scheme", dbus.UInt32(self.scheme, variant_level=1))


def main() -> None:
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    scheme = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    portal = Portal(bus, scheme)
    name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    print("ready", flush=True)
    GLib.MainLoop().run()
    del portal, name


if __name__ == "__main__":
    main()
