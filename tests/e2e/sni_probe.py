"""Reading the app's StatusNotifierItem and its dbusmenu as a tray host does, over D-Bus."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dbus

WATCHER = "org.kde.StatusNotifierWatcher"
PROPS = "org.freedesktop.DBus.Properties"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"


class SniProbe:
    """The item of the app with PID ``pid``, found by its bus connection (the item may own no
    well-known name: it registers its object path, as libayatana-appindicator does)."""

    def __init__(self, address: str, pid: int) -> None:
        self.bus = dbus.bus.BusConnection(address)
        self.pid = pid
        self._service = ""

    def close(self) -> None:
        self.bus.close()

    @property
    def service(self) -> str:
        """The app's unique bus name ("" while it has none with an item on it)."""
        if not self._service or not self.bus.name_has_owner(self._service):
            self._service = self._find()
        return self._service

    def _find(self) -> str:
        bus = self.bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
        for name in bus.ListNames(dbus_interface="org.freedesktop.DBus"):
            if not str(name).startswith(":"):
                continue
            try:
                pid = bus.GetConnectionUnixProcessID(name, dbus_interface="org.freedesktop.DBus")
                if int(pid) != self.pid:
                    continue
                node = self.bus.get_object(str(name), "/StatusNotifierItem", introspect=False)
                xml = node.Introspect(dbus_interface="org.freedesktop.DBus.Introspectable")
            except dbus.exceptions.DBusException:
                continue
            if ITEM in str(xml):
                return str(name)
        return ""

    def registered(self) -> list[str]:
        watcher = self.bus.get_object(WATCHER, "/StatusNotifierWatcher", introspect=False)
        try:
            items = watcher.Get(WATCHER, "RegisteredStatusNotifierItems", dbus_interface=PROPS)
        except dbus.exceptions.DBusException:
            return []
        return [str(i) for i in items]

    def names(self) -> list[str]:
        """The names a host may know the item by: its unique name, or the KDE-style name."""
        return [n for n in (self.service, f"org.kde.StatusNotifierItem-{self.pid}-1") if n]

    def is_registered(self) -> bool:
        return any(names_item(entry, n) for entry in self.registered() for n in self.names())

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


def names_item(entry: str, service: str) -> bool:
    """Whether a watcher's entry ("name", "name/path" or GNOME's "name@/path") is ``service``'s."""
    return entry == service or entry.startswith((service + "/", service + "@"))


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


def spec_label(label: str) -> str:
    """A dbusmenu label as the spec's hosts show it: "__" is "_", a lone "_" marks a mnemonic."""
    return re.sub(r"_(.)", r"\1", label)


def exported_lines(
    node: dict[str, Any], decode: Callable[[str], str] = spec_label, depth: int = 0
) -> list[str]:
    """An exported menu as lines: label, "[off]" when disabled, "[x]" when checked, indented
    submenus; "-" for a separator; invisible items left out."""
    lines: list[str] = []
    for child in node["children"]:
        if child.get("visible", True) is False:
            continue
        if child.get("type") == "separator":
            lines.append("  " * depth + "-")
            continue
        checked = child.get("toggle-type") == "checkmark" and child.get("toggle-state") == 1
        flags = ("" if child.get("enabled", True) else " [off]") + (" [x]" if checked else "")
        lines.append("  " * depth + decode(str(child.get("label", ""))) + flags)
        lines += exported_lines(child, decode, depth + 1)
    return lines


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
