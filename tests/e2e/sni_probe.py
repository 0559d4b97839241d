"""Reading the app's StatusNotifierItem and its dbusmenu as a tray host does, over D-Bus."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import dbus

WATCHER = "org.kde.StatusNotifierWatcher"
PROPS = "org.freedesktop.DBus.Properties"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"


class SniProbe:
    def __init__(self, address: str, pid: int) -> None:
        self.bus = dbus.bus.BusConnection(address)
        self.service = f"org.kde.StatusNotifierItem-{pid}-1"

    def close(self) -> None:
        self.bus.close()

    def registered(self) -> list[str]:
        watcher = self.bus.get_object(WATCHER, "/StatusNotifierWatcher", introspect=False)
        try:
            items = watcher.Get(WATCHER, "RegisteredStatusNotifierItems", dbus_interface=PROPS)
        except dbus.exceptions.DBusException:
            return []
        return [str(i) for i in items]

    def is_registered(self) -> bool:
        return any(self.service in item for item in self.registered())

    def _item(self) -> Any:
        return self.bus.get_object(self.service, "/StatusNotifierItem", introspect=False)

    def item_properties(self) -> dict[str, Any]:
        return dict(self._item().GetAll(ITEM, dbus_interface=PROPS))

    def call_item(self, method: str, *args: Any) -> None:
        getattr(self._item(), method)(*args, dbus_interface=ITEM)

    def layout(self) -> tuple[int, dict[str, Any]]:
        """(revision, {"label": ..., "children": [...], "id": n, ...}) of the whole menu."""
        path = str(self.item_properties()["Menu"])
        menu = self.bus.get_object(self.service, path, introspect=False)
        revision, root = menu.GetLayout(0, -1, dbus.Array([], signature="s"), dbus_interface=MENU)
        return int(revision), _node(root)

    def click(self, item_id: int) -> None:
        path = str(self.item_properties()["Menu"])
        menu = self.bus.get_object(self.service, path, introspect=False)
        menu.Event(
            dbus.Int32(item_id),
            "clicked",
            dbus.Int32(0, variant_level=1),
            dbus.UInt32(0),
            dbus_interface=MENU,
        )


def _node(raw: Any) -> dict[str, Any]:
    item_id, props, children = raw
    node = {str(k): _plain(v) for k, v in props.items()}
    node["id"] = int(item_id)
    node["children"] = [_node(c) for c in children]
    return node


def _plain(value: Any) -> Any:
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, (dbus.Int32, dbus.UInt32, dbus.Byte)):
        return int(value)
    return str(value)


def labels(node: dict[str, Any]) -> list[str]:
    """The labels of a menu level, "-" for separators."""
    return [
        "-" if c.get("type") == "separator" else str(c.get("label", "")).replace("__", "_")
        for c in node["children"]
    ]


def find(node: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    for child in node["children"]:
        if str(child.get("label", "")).startswith(prefix):
            return dict(child)
        found = find(child, prefix)
        if found is not None:
            return found
    return None


class SignalCounter:
    """Counts dbusmenu/SNI signals on the bus with dbus-monitor."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log
        self._out = log.open("w")
        self.proc = subprocess.Popen(
            ["dbus-monitor", "--session", f"type='signal',interface='{MENU}'"],
            env=env,
            stdout=self._out,
            stderr=subprocess.DEVNULL,
        )

    def count(self, member: str) -> int:
        self._out.flush()
        return self.log.read_text(errors="replace").count(f"member={member}")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=5)
        self._out.close()
