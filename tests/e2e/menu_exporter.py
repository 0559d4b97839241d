"""The app's own dbusmenu export (:class:`trayapp.desktop.dbusmenu.DbusMenu`) alone, for tests
that feed it menus: ``menu_exporter.py ADDRESS STYLE`` exports it on that bus, then reads one
menu per line on stdin (JSON, as :func:`to_json` writes it) and answers each with "ok" once the
update went out. The menu lives at /MenuBar of the connection whose unique name it prints first.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import dbus
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

from trayapp.desktop.dbusmenu import DbusMenu
from trayapp.views.menu_model import SEPARATOR, Entry


def to_json(entries: tuple[Entry, ...]) -> list[Any]:
    return [
        "-"
        if e is SEPARATOR
        else {
            "text": e.text,
            "checked": e.checked,
            "enabled": e.enabled,
            "children": to_json(e.children),
        }
        for e in entries
    ]


def from_json(items: list[Any]) -> tuple[Entry, ...]:
    return tuple(
        SEPARATOR
        if item == "-"
        else Entry(
            item["text"],
            checked=item["checked"],
            enabled=item["enabled"],
            children=from_json(item["children"]),
        )
        for item in items
    )


def main() -> None:
    address, style = sys.argv[1:3]
    DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(address)
    menu = DbusMenu(bus, lambda action: None)
    menu.set_label_style("gnome" if style == "gnome" else "dbusmenu")
    print(bus.get_unique_name(), flush=True)
    pending = b""

    def command(source: Any, condition: Any) -> bool:
        nonlocal pending
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:
            loop.quit()
            return False
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            menu.update(from_json(json.loads(line)))
            bus.flush()
            print("ok", flush=True)
        return True

    loop = GLib.MainLoop()
    GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, command)
    loop.run()


if __name__ == "__main__":
    main()
