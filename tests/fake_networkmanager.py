"""NetworkManager as far as the app asks it: owns ``org.freedesktop.NetworkManager`` on the bus
at the address given on the command line (a private bus standing in for the system bus) and
answers ``Properties.Get(…, "Metered")``. Tests change the answer with ``Properties.Set``
(read-only on the real service); with ``--hang`` it never answers at all, and prints ``asked``
when a question comes."""

from __future__ import annotations

import sys
from typing import Any

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NM = "org.freedesktop.NetworkManager"
PROPS = "org.freedesktop.DBus.Properties"


class Manager(dbus.service.Object):  # type: ignore[misc]
    def __init__(self, bus: Any, metered: int, hang: bool) -> None:
        super().__init__(bus, "/org/freedesktop/NetworkManager")
        self.metered = metered
        self.hang = hang

    @dbus.service.method(
        PROPS,
        in_signature="ss",
        out_signature="v",
        async_callbacks=("reply", "error"),
    )
    def Get(self, interface, name, reply, error):
        if self.hang:
            print("asked", flush=True)
            return  # neither reply nor error: the caller's timeout must end the wait
        if interface == NM and name == "Metered":
            reply(dbus.UInt32(self.metered, variant_level=1))
        else:
            error(dbus.exceptions.DBusException("no such property", name=PROPS + ".Error"))

    @dbus.service.method(PROPS, in_signature="ssv", out_signature="")
    def Set(self, interface, name, value):
        if interface == NM and name == "Metered":
            self.metered = int(value)


def main() -> None:
    DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(sys.argv[1])
    name = dbus.service.BusName(NM, bus, do_not_queue=True)
    Manager(bus, int(sys.argv[2]), "--hang" in sys.argv[3:])
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name


if __name__ == "__main__":
    main()
