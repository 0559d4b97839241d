"""A notification service for tests: owns org.freedesktop.Notifications on the session bus and
appends every call it receives, as one JSON line, to the file named on the command line."""

from __future__ import annotations

import json
import sys
from typing import Any

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

INTERFACE = "org.freedesktop.Notifications"


class Recorder(dbus.service.Object):  # type: ignore[misc]
    def __init__(self, bus: Any, path: str, log_path: str) -> None:
        super().__init__(bus, path)
        self.log_path = log_path
        self.next_id = 1

    def record(self, call: str, **fields: Any) -> None:
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"call": call, **fields}) + "\n")

    @dbus.service.method(INTERFACE, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout):
        self.record(
            "Notify",
            app_name=str(app_name),
            app_icon=str(app_icon),
            summary=str(summary),
            body=str(body),
            timeout=int(timeout),
        )
        self.next_id += 1
        return dbus.UInt32(self.next_id - 1)

    @dbus.service.method(INTERFACE, in_signature="u", out_signature="")
    def CloseNotification(self, notification_id):
        self.record("CloseNotification", id=int(notification_id))

    @dbus.service.method(INTERFACE, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["body"]

    @dbus.service.method(INTERFACE, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("test-recorder", "ai-status-tray tests", "1.0", "1.2")


def main() -> None:
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(INTERFACE, bus, do_not_queue=True)
    Recorder(bus, "/org/freedesktop/Notifications", sys.argv[1])
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name


if __name__ == "__main__":
    main()
