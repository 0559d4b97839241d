"""The tray menu exported over D-Bus (``com.canonical.dbusmenu``), as hosts read it.

Built once and changed in place: changed properties of items the hosts keep go out as
``ItemsPropertiesUpdated`` (an open menu stays open, the layout revision stays put); a new tree
of items also bumps the revision and emits ``LayoutUpdated`` for each item whose children
changed, after those properties; an identical menu sends nothing. Ids follow the rules of
:mod:`trayapp.desktop.menu_layout`, which every host measured applies correctly.
``AboutToShow`` says "nothing to update": the menu is always current. Runs on the GLib main loop
(dbus-python), like every other UI change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import dbus
import dbus.lowlevel
import dbus.service

from trayapp.desktop.menu_layout import (
    Ids,
    LabelStyle,
    Layout,
    Node,
    Props,
    build_layout,
    diff,
)
from trayapp.views.menu_model import Action, Entry

log = logging.getLogger(__name__)

MENU_PATH = "/MenuBar"
INTERFACE = "com.canonical.dbusmenu"
PROPERTIES = "org.freedesktop.DBus.Properties"


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return dbus.Boolean(value)
    if isinstance(value, int):
        return dbus.Int32(value)
    return dbus.String(value)


def _props(props: Props, names: list[str] | None = None) -> dbus.Dictionary:
    wanted = {k: _value(v) for k, v in props.items() if not names or k in names}
    return dbus.Dictionary(wanted, signature="sv")


class DbusMenu(dbus.service.Object):  # type: ignore[misc]
    """The menu object at :data:`MENU_PATH`; ``on_action`` gets the clicked entry's action."""

    def __init__(self, bus: Any, on_action: Callable[[Action], None]) -> None:
        super().__init__(bus, MENU_PATH)
        self._on_action = on_action
        self._ids = Ids()
        self._layout = Layout()
        self._nodes: dict[int, Node] = self._layout.nodes()
        self._entries: tuple[Entry, ...] = ()
        self.style: LabelStyle = "dbusmenu"
        self.revision = 1

    def set_label_style(self, style: LabelStyle) -> None:
        """Write labels the way the current host reads them (GNOME's extension differs)."""
        if style != self.style:
            self.style = style
            self.update(self._entries)

    def update(self, entries: tuple[Entry, ...]) -> None:
        self._entries = entries
        new = build_layout(entries, self._ids, self._layout, self.style)
        change = diff(self._layout, new)
        self._layout, self._nodes = new, new.nodes()
        if change.updated or change.removed:
            self.ItemsPropertiesUpdated(
                dbus.Array(
                    [dbus.Struct((dbus.Int32(i), _props(p))) for i, p in change.updated],
                    signature="(ia{sv})",
                ),
                dbus.Array(
                    [
                        dbus.Struct((dbus.Int32(i), dbus.Array(k, signature="s")))
                        for i, k in change.removed
                    ],
                    signature="(ias)",
                ),
            )
        for parent in change.parents:
            self.revision += 1
            self.LayoutUpdated(dbus.UInt32(self.revision), dbus.Int32(parent))

    def _tree(self, node: Node, depth: int, names: list[str]) -> dbus.Struct:
        item_id, children = node
        kids = [] if depth == 0 else [self._tree(c, depth - 1, names) for c in children]
        return dbus.Struct(
            (
                dbus.Int32(item_id),
                _props(self._layout.props.get(item_id, {}), names),
                dbus.Array(kids, signature="v"),
            ),
            signature="ia{sv}av",
        )

    # -- com.canonical.dbusmenu ------------------------------------------------------------
    @dbus.service.method(INTERFACE, in_signature="iias", out_signature="u(ia{sv}av)")
    def GetLayout(self, parent_id: int, depth: int, names: list[str]) -> Any:
        node = self._nodes.get(int(parent_id))
        if node is None:
            raise dbus.exceptions.DBusException(f"no menu item {parent_id}")
        return dbus.UInt32(self.revision), self._tree(node, int(depth), [str(n) for n in names])

    @dbus.service.method(INTERFACE, in_signature="aias", out_signature="a(ia{sv})")
    def GetGroupProperties(self, ids: list[int], names: list[str]) -> Any:
        wanted = [int(i) for i in ids] or list(self._layout.props)
        return dbus.Array(
            [
                dbus.Struct((dbus.Int32(i), _props(self._layout.props[i], [str(n) for n in names])))
                for i in wanted
                if i in self._layout.props
            ],
            signature="(ia{sv})",
        )

    @dbus.service.method(INTERFACE, in_signature="is", out_signature="v")
    def GetProperty(self, item_id: int, name: str) -> Any:
        props = self._layout.props.get(int(item_id), {})
        if str(name) not in props:
            raise dbus.exceptions.DBusException(f"no property {name} on item {item_id}")
        return _value(props[str(name)])

    @dbus.service.method(INTERFACE, in_signature="isvu", out_signature="")
    def Event(self, item_id: int, event_id: str, data: Any, timestamp: int) -> None:
        self._event(int(item_id), str(event_id))

    @dbus.service.method(INTERFACE, in_signature="a(isvu)", out_signature="ai")
    def EventGroup(self, events: list[Any]) -> Any:
        missing = [int(e[0]) for e in events if int(e[0]) not in self._layout.props]
        for event in events:
            self._event(int(event[0]), str(event[1]))
        return dbus.Array(missing, signature="i")

    @dbus.service.method(INTERFACE, in_signature="i", out_signature="b", sender_keyword="sender")
    def AboutToShow(self, item_id: int, sender: str | None = None) -> bool:
        # Always current: no host needs to read it again. An item gone meanwhile is no error
        # (GNOME's extension v53+ logs any error but "unknown method" as a JavaScript error).
        item_id = int(item_id)
        if item_id != 0 and sender and self.style != "gnome" and item_id in self._nodes:
            self._glib_idle(lambda: self._echo(item_id, str(sender)))
        return False

    def _echo(self, item_id: int, destination: str) -> None:
        """``LayoutUpdated`` for a submenu, to the one host that is about to show it.

        dbusmenu-qt (Plasma) reads a submenu when it first opens and then ignores the next
        ``LayoutUpdated`` naming it, taking it for the app's answer to its reading: a change to
        that submenu later was never shown (measured). This is that answer, so it ignores this
        one and follows the real ones. Sent after the reply, and only to that host: GNOME's
        extension rebuilds its submenus on any ``LayoutUpdated``, closing the one just opened.
        """
        message = dbus.lowlevel.SignalMessage(MENU_PATH, INTERFACE, "LayoutUpdated")
        message.append(dbus.UInt32(self.revision), dbus.Int32(item_id), signature="ui")
        message.set_destination(destination)
        self.connection.send_message(message)

    def _glib_idle(self, job: Callable[[], None]) -> None:
        from gi.repository import GLib

        def once() -> bool:
            job()
            return False

        GLib.idle_add(once)

    @dbus.service.method(INTERFACE, in_signature="ai", out_signature="aiai")
    def AboutToShowGroup(self, ids: list[int]) -> Any:
        return dbus.Array([], signature="i"), dbus.Array([], signature="i")

    @dbus.service.signal(INTERFACE, signature="a(ia{sv})a(ias)")
    def ItemsPropertiesUpdated(self, updated: Any, removed: Any) -> None:
        pass

    @dbus.service.signal(INTERFACE, signature="ui")
    def LayoutUpdated(self, revision: Any, parent: Any) -> None:
        pass

    @dbus.service.signal(INTERFACE, signature="iu")
    def ItemActivationRequested(self, item_id: Any, timestamp: Any) -> None:
        pass

    def _event(self, item_id: int, event_id: str) -> None:
        action = self._layout.actions.get(item_id)
        if event_id == "clicked" and action is not None:
            self._on_action(action)

    # -- org.freedesktop.DBus.Properties ---------------------------------------------------
    def _own_properties(self) -> dict[str, Any]:
        return {
            "Version": dbus.UInt32(3),
            "TextDirection": dbus.String("ltr"),
            "Status": dbus.String("normal"),
            "IconThemePath": dbus.Array([], signature="s"),
        }

    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface: str, name: str) -> Any:
        return self._own_properties()[str(name)]

    @dbus.service.method(PROPERTIES, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface: str) -> Any:
        return dbus.Dictionary(self._own_properties(), signature="sv")
