"""A dbusmenu client that reads a menu the way GNOME's AppIndicator extension does, for the
versions this machine cannot run.

Debian 12 ships the extension's v46, which the GNOME tests run for real. v53 and later (Ubuntu
24.10 on) read the menu differently: while the menu is closed they only note that a
``LayoutUpdated`` or ``ItemsPropertiesUpdated`` came; on opening they re-read the layout (and
every item's properties if properties changed), then call ``AboutToShow(0)`` and read the layout
again if it answers true. This is a line-by-line port of the parts of ``dbusMenu.js`` (tags
v53-v63) that decide what the menu shows — ``DBusClient`` (model) and ``MenuItemFactory`` /
``Client`` (view) — including its quirks: ``GetLayout`` asks only for ``type`` and
``children-display``, a new layout request cancels the one in flight, items come in by idle
chunks, a ``child-moved`` never moves anything (its handler gets shifted arguments), a change
of ``type`` or ``children-display`` replaces the item, and only the first "_" of a label is read
as a mnemonic. ``--mode v63`` adds v63's differences (properties reset before each re-read, an
empty menu read at once); ``--mode v46`` gives v46's eager reading, for tests without GNOME
Shell.

Run as a script: ``appindicator_client.py ADDRESS SERVICE PATH [--mode v53|v46]``. It reads
commands on stdin — ``open``, ``close``, ``dump`` — and answers each ``dump`` with one JSON line:
``{"lines": [...], "errors": [...]}`` (the menu as :func:`lines` draws it).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from typing import Any

import dbus
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

MENU = "com.canonical.dbusmenu"
TYPES: dict[str, type] = {
    "visible": dbus.Boolean,
    "enabled": dbus.Boolean,
    "label": dbus.String,
    "type": dbus.String,
    "children-display": dbus.String,
    "toggle-type": dbus.String,
    "toggle-state": dbus.Int32,
}
DEFAULTS: dict[str, Any] = {
    "visible": dbus.Boolean(True),
    "enabled": dbus.Boolean(True),
    "label": dbus.String(""),
    "type": dbus.String("standard"),
}
ERRORS: list[str] = []


class Cancellable:
    def __init__(self) -> None:
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class Item:
    """``DbusMenuItem``: properties with defaults, children ids, and signals to the view."""

    def __init__(self, client: Client, item_id: int, props: dict[str, Any], kids: list[int]):
        self.client = client
        self.id = item_id
        self.props: dict[str, Any] = {}
        for name, value in props.items():
            self._store(name, value)
        self.children = list(kids)
        self.listeners: list[ShellItem | Root] = []

    def _store(self, name: str, value: Any) -> None:
        if name in TYPES and value is not None and not isinstance(value, TYPES[name]):
            ERRORS.append(f"Cannot set property {name}: type mismatch!")
        elif value is not None:
            self.props[name] = value
        else:
            self.props.pop(name, None)

    def get(self, name: str) -> Any:
        return self.props.get(name, DEFAULTS.get(name))

    def set(self, name: str, value: Any) -> None:
        self._store(name, value)
        for listener in list(self.listeners):
            listener.property_changed(self, name)

    def reset(self) -> None:  # v63's resetProperties()
        for name, value in DEFAULTS.items():
            self.set(name, value)

    def add_child(self, pos: int, child_id: int) -> None:
        self.children.insert(pos, child_id)
        for listener in list(self.listeners):
            listener.child_added(self, self.client.get(child_id), pos)

    def remove_child(self, child_id: int) -> None:
        if child_id not in self.children:
            ERRORS.append("Trying to remove child which doesn't exist")
            return
        self.children.remove(child_id)
        for listener in list(self.listeners):
            listener.child_removed(self, self.client.get(child_id))

    def move_child(self, child_id: int, new_pos: int) -> None:
        old_pos = self.children.index(child_id)
        if old_pos != new_pos:
            self.children.pop(old_pos)
            self.children.insert(new_pos, child_id)
            # The view's handler takes (item, child, oldpos, newpos) but the signal carries
            # (oldpos, newpos, child): it looks for an item that is a number, and moves nothing.


class Client:
    """``DBusClient``: the model, kept up to date from the app's signals."""

    def __init__(self, bus: Any, service: str, path: str, mode: str) -> None:
        self.mode = mode
        self.proxy = bus.get_object(service, path, introspect=False)
        self.items: dict[int, Item] = {
            0: Item(self, 0, {"children-display": dbus.String("submenu")}, [])
        }
        self.active = mode == "v46"
        self.flag_layout = False
        self.flag_items = False
        self.in_progress = False  # v46: one layout request at a time, then maybe one more
        self.layout_cancellable: Cancellable | None = None
        self.wanted: set[int] = set()
        self.props_idle: tuple[int, Cancellable | None] | None = None
        self.props_pending = False
        bus.add_signal_receiver(self._signal, None, MENU, service, path, member_keyword="member")
        self.request_layout()

    def get(self, item_id: int) -> Item | None:
        item = self.items.get(item_id)
        if item is None:
            ERRORS.append(f"trying to retrieve item for non-existing id {item_id} !?")
        return item

    # -- layouts ---------------------------------------------------------------------------
    def request_layout(self) -> None:
        if self.mode == "v46":
            if self.in_progress:
                self.flag_layout = True
                return
            self.in_progress = True
            self.flag_layout = False
            self._get_layout(None)
            return
        if self.layout_cancellable is not None:
            self.layout_cancellable.cancel()
        cancellable = Cancellable()
        self.layout_cancellable = cancellable
        self._get_layout(cancellable)

    def _get_layout(self, cancellable: Cancellable | None) -> None:
        self.proxy.GetLayout(
            0,
            -1,
            dbus.Array(["type", "children-display"], signature="s"),
            dbus_interface=MENU,
            reply_handler=lambda revision, root: self._got_layout(root, cancellable),
            error_handler=lambda e: ERRORS.append(f"While reading menu layout: {e}"),
        )

    def _got_layout(self, root: Any, cancellable: Cancellable | None) -> None:
        if cancellable is not None and cancellable.cancelled:
            return
        self._update(root, cancellable)
        self._gc()
        if self.mode == "v46":
            if self.flag_layout:
                self.in_progress = False
                self.request_layout()
            else:
                self.in_progress = False
            return
        self.flag_layout = False
        self.flag_items = False
        if self.layout_cancellable is cancellable:
            self.layout_cancellable = None

    def _update(self, node: Any, cancellable: Cancellable | None) -> int:
        item_id, props, children = int(node[0]), dict(node[1]), list(node[2])
        kids = [self._update(child, cancellable) for child in children]
        item = self.items.get(item_id)
        if item is not None:
            for name, value in props.items():
                item.set(str(name), value)
            old = list(item.children)
            for i, kid in enumerate(kids):
                if kid in old:
                    old.remove(kid)
                    item.move_child(kid, i)
                else:
                    item.add_child(i, kid)
            for gone in old:
                item.remove_child(gone)
            if self.mode == "v46" or not self.flag_items:
                return item_id
        else:
            item = Item(self, item_id, {str(k): v for k, v in props.items()}, kids)
            self.items[item_id] = item
        self.request_properties(item_id, cancellable)
        return item_id

    def _gc(self) -> None:
        reached: set[int] = set()
        todo = [0]
        while todo:
            item = self.get(todo.pop(0))
            if item is None:
                continue
            reached.add(item.id)
            todo += item.children
        for item_id in list(self.items):
            if item_id not in reached:
                del self.items[item_id]

    # -- properties ------------------------------------------------------------------------
    def request_properties(self, item_id: int, cancellable: Cancellable | None) -> None:
        self.wanted.add(item_id)
        if self.props_pending:
            return
        self.props_pending = True

        def idle() -> bool:
            self.props_pending = False
            if cancellable is not None and cancellable.cancelled:
                return False  # the ids stay wanted; the next request takes them along
            ids = sorted(self.wanted)
            self.wanted.clear()
            self.proxy.GetGroupProperties(
                dbus.Array(ids, signature="i"),
                dbus.Array([], signature="s"),
                dbus_interface=MENU,
                reply_handler=self._got_properties,
                error_handler=lambda e: ERRORS.append(f"Could not retrieve properties: {e}"),
            )
            return False

        GLib.idle_add(idle, priority=GLib.PRIORITY_DEFAULT_IDLE)

    def _got_properties(self, result: Any) -> None:
        for item_id, props in result:
            item = self.items.get(int(item_id))
            if item is None:
                continue
            if self.mode == "v63":
                item.reset()
            for name, value in props.items():
                item.set(str(name), value)

    def _apply_properties(self, changed: Any, removed: Any) -> None:
        for item_id, props in changed:
            item = self.items.get(int(item_id))
            if item is not None:
                for name, value in props.items():
                    item.set(str(name), value)
        for item_id, names in removed:
            item = self.items.get(int(item_id))
            if item is not None:
                for name in names:
                    item.set(str(name), None)

    # -- signals and opening ---------------------------------------------------------------
    def _signal(self, *args: Any, member: str = "") -> None:
        # v63 reads at once while the menu is still empty (upstream fdc774c); v53 waits too.
        closed = not self.active and (self.mode == "v53" or bool(self.items[0].children))
        if member == "LayoutUpdated":
            if closed:
                self.flag_layout = True
                return
            self.request_layout()
        elif member == "ItemsPropertiesUpdated":
            if closed:
                self.flag_items = True
                return
            self._apply_properties(*args)

    def set_active(self, active: bool) -> None:
        was = self.active
        self.active = active
        if active and not was:
            if self.flag_layout:
                self.request_layout()
            elif self.flag_items:
                for item_id in list(self.items):
                    self.request_properties(item_id, None)
                self.flag_items = False

    def about_to_show(self, item_id: int) -> None:
        def answered(*reply: Any) -> None:
            if not reply or bool(reply[0]):
                self.request_layout()

        self.proxy.AboutToShow(
            item_id,
            dbus_interface=MENU,
            reply_handler=answered,
            error_handler=lambda e: ERRORS.append(f"AboutToShow failed: {e}"),
        )

    def event(self, item_id: int, name: str) -> None:
        self.proxy.Event(
            item_id,
            name,
            dbus.Int32(0, variant_level=1),
            dbus.UInt32(0),
            dbus_interface=MENU,
            reply_handler=lambda: None,
            error_handler=lambda e: ERRORS.append(f"Event failed: {e}"),
        )


def shown_label(item: Item) -> str:
    return re.sub(r"_([^_])", r"\1", str(item.get("label") or ""), count=1)


class ShellItem:
    """One ``PopupMenu`` item made by ``MenuItemFactory.createItem``."""

    def __init__(self, client: Client, item: Item) -> None:
        self.client = client
        self.item: Item | None = item
        self.parent: list[ShellItem] | None = None
        if item.get("children-display") == "submenu":
            self.kind = "submenu"
        elif item.get("type") == "separator":
            self.kind = "separator"
        else:
            self.kind = "item"
        self.menu: list[ShellItem] = []
        self._refresh("label")
        self._refresh("toggle-state")
        self._refresh("visible")
        self._refresh("enabled")
        if self.kind == "submenu":
            for kid in item.children:
                child = client.get(kid)
                if child is None:
                    raise RuntimeError(f"createItem: no item {kid}")
                add(self.menu, ShellItem(client, child))
        item.listeners.append(self)

    def _refresh(self, name: str) -> None:
        assert self.item is not None
        if name in ("toggle-type", "toggle-state"):
            self.checked = self.item.get("toggle-type") == "checkmark" and bool(
                self.item.get("toggle-state") or 0
            )
        elif name == "label":
            self.label = shown_label(self.item)
        elif name == "enabled":
            self.enabled = bool(self.item.get("enabled"))
        elif name == "visible":
            self.visible = bool(self.item.get("visible"))

    def property_changed(self, item: Item, name: str) -> None:
        if name in ("type", "children-display"):
            self.replace_self()
        else:
            self._refresh(name)

    def child_added(self, item: Item, child: Item | None, pos: int) -> None:
        if self.kind != "submenu":
            self.replace_self()
        elif child is not None:
            add(self.menu, ShellItem(self.client, child), pos)

    def child_removed(self, item: Item, child: Item | None) -> None:
        if self.kind != "submenu":
            self.replace_self()
            return
        for shell_item in list(self.menu):
            if shell_item.item is child:
                shell_item.destroy()

    def replace_self(self) -> None:
        assert self.item is not None
        if self.parent is None or self not in self.parent:
            ERRORS.append("DBusMenu: can't replace non existing menu item")
            return
        new = ShellItem(self.client, self.item)
        add(self.parent, new, self.parent.index(self))
        self.destroy()

    def destroy(self) -> None:
        if self.item is not None and self in self.item.listeners:
            self.item.listeners.remove(self)
        for child in list(self.menu):
            child.destroy()
        if self.parent is not None and self in self.parent:
            self.parent.remove(self)
        self.item = None


def add(menu: list[ShellItem], item: ShellItem, position: int | None = None) -> None:
    """``PopupMenuBase.addMenuItem``: before the item at ``position``, or last."""
    item.parent = menu
    if position is None or position >= len(menu):
        menu.append(item)
    else:
        menu.insert(position, item)


class Root:
    """``Client``: the indicator's own menu, filled from the root item."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.menu: list[ShellItem] = []
        self.adding: list[Item] = []
        self.open = False
        root = client.items[0]
        root.listeners.append(self)
        client.about_to_show(0)  # "Dropbox requires us to call AboutToShow(0) first"
        for kid in root.children:
            child = client.get(kid)
            if child is not None:
                self.child_added(root, child, None)

    def property_changed(self, item: Item, name: str) -> None:
        pass

    def child_added(self, item: Item, child: Item | None, pos: int | None) -> None:
        if child is None:
            return
        if self.client.mode == "v46":
            add(self.menu, ShellItem(self.client, child), pos)
            return
        # v53+: "Menu additions can be expensive, so let's do it in different chunks"
        priority = GLib.PRIORITY_LOW + len(self.adding)
        self.adding.append(child)

        def later() -> bool:
            if child in self.adding:
                self.adding.remove(child)
                add(self.menu, ShellItem(self.client, child), pos)
            return False

        GLib.idle_add(later, priority=priority)

    def child_removed(self, item: Item, child: Item | None) -> None:
        found = next((s for s in self.menu if s.item is child), None)
        if found is not None:
            found.destroy()
        elif child in self.adding:
            self.adding.remove(child)

    def set_open(self, open_: bool) -> None:
        self.open = open_
        if self.client.mode != "v46":
            self.client.set_active(open_)
        self.client.event(0, "opened" if open_ else "closed")
        if open_:
            self.client.about_to_show(0)


def lines(menu: list[ShellItem], depth: int = 0) -> list[str]:
    """The menu as ``tests.e2e.gnome.shown_lines`` draws the Shell's."""
    out: list[str] = []
    for item in menu:
        if not item.visible:
            continue
        if item.kind == "separator":
            out.append("  " * depth + "-")
            continue
        flags = ("" if item.enabled else " [off]") + (" [x]" if item.checked else "")
        out.append("  " * depth + item.label + flags)
        out += lines(item.menu, depth + 1)
    return out


def main() -> None:
    address, service, path = sys.argv[1:4]
    mode = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--mode" else "v53"
    DBusGMainLoop(set_as_default=True)
    bus = dbus.bus.BusConnection(address)
    client = Client(bus, service, path, mode)
    root = Root(client)
    loop = GLib.MainLoop()

    pending = b""
    actions: dict[str, Callable[[], None]] = {
        "open": lambda: root.set_open(True),
        "close": lambda: root.set_open(False),
        "dump": lambda: print(
            json.dumps({"lines": lines(root.menu), "errors": ERRORS}), flush=True
        ),
    }

    def command(source: Any, condition: Any) -> bool:
        # Unbuffered: a buffered readline would hide a second command from the watch.
        nonlocal pending
        chunk = os.read(sys.stdin.fileno(), 4096)
        if not chunk:
            loop.quit()
            return False
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            actions[line.decode().strip()]()
        return True

    GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, command)
    print("ready", flush=True)
    loop.run()


if __name__ == "__main__":
    main()


class AppIndicatorClient:
    """The client above in its own process, driven from a test."""

    def __init__(
        self, env: dict[str, str], service: str, path: str = "/MenuBar", mode: str = "v53"
    ) -> None:
        import subprocess

        self.proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                env["DBUS_SESSION_BUS_ADDRESS"],
                service,
                path,
                "--mode",
                mode,
            ],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the AppIndicator client did not start")

    def _send(self, word: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(word + "\n")
        self.proc.stdin.flush()

    def open(self) -> None:
        self._send("open")

    def close(self) -> None:
        self._send("close")

    def dump(self) -> dict[str, Any]:
        self._send("dump")
        assert self.proc.stdout is not None
        return dict(json.loads(self.proc.stdout.readline()))

    def lines(self) -> list[str]:
        return list(self.dump()["lines"])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=5)
