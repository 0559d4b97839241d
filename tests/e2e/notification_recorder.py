"""A notification service for tests: owns org.freedesktop.Notifications on the session bus and
appends every call it receives, as one JSON line, to the file named on the command line.

With ``--actions`` it advertises the ``actions`` capability; a test makes it emit
``ActionInvoked(id, key)`` (as if the user clicked) by calling ``InvokeAction(id, key)`` on the
interface ``org.aistatustray.Test``."""

from __future__ import annotations

import json
import sys
from typing import Any

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

INTERFACE = "org.freedesktop.Notifications"
TEST_INTERFACE = "org.aistatustray.Test"


class Recorder(dbus.service.Object):  # type: ignore[misc]
    def __init__(self, bus: Any, path: str, log_path: str, actions: bool) -> None:
        super().__init__(bus, path)
        self.log_path = log_path
        self.actions = actions
        self.next_id = 1

    def record(self, call: str, **fields: Any) -> None:
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"call": call, **fields}) + "\n")

    @dbus.service.method(INTERFACE, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, timeout):
        new_id = int(replaces_id) or self.next_id
        if not replaces_id:
            self.next_id += 1
        self.record(
            "Notify",
            id=new_id,
            app_name=str(app_name),
            replaces_id=int(replaces_id),
            app_icon=str(app_icon),
            summary=str(summary),
            body=str(body),
            actions=[str(a) for a in actions],
            hints={str(k): _plain(v) for k, v in hints.items()},
            timeout=int(timeout),
        )
        return dbus.UInt32(new_id)

    @dbus.service.method(INTERFACE, in_signature="u", out_signature="")
    def CloseNotification(self, notification_id):
        self.record("CloseNotification", id=int(notification_id))
        self.NotificationClosed(notification_id, dbus.UInt32(3))  # 3: closed by a call

    @dbus.service.signal(INTERFACE, signature="uu")
    def NotificationClosed(self, notification_id, reason):
        pass

    @dbus.service.method(INTERFACE, in_signature="", out_signature="as")
    def GetCapabilities(self):
        return ["body", "actions"] if self.actions else ["body"]

    @dbus.service.signal(INTERFACE, signature="us")
    def ActionInvoked(self, notification_id, key):
        pass

    @dbus.service.method(TEST_INTERFACE, in_signature="us", out_signature="")
    def InvokeAction(self, notification_id, key):
        self.ActionInvoked(notification_id, key)

    @dbus.service.method(INTERFACE, in_signature="", out_signature="ssss")
    def GetServerInformation(self):
        return ("test-recorder", "ai-status-tray tests", "1.0", "1.2")


def _plain(value: Any) -> Any:
    if isinstance(value, (dbus.Byte, dbus.Int32, dbus.UInt32, dbus.Boolean)):
        return int(value)
    if isinstance(value, dbus.String):
        return str(value)
    return repr(value)[:100]


def main() -> None:
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(INTERFACE, bus, do_not_queue=True)
    Recorder(bus, "/org/freedesktop/Notifications", sys.argv[1], "--actions" in sys.argv[2:])
    print("ready", flush=True)
    GLib.MainLoop().run()
    del name


if __name__ == "__main__":
    main()
