"""The tray menu as one ``Gtk.Menu`` for the XEmbed (GTK status icon) path, changed in place.

pystray builds a new ``Gtk.Menu`` on every update, which closes the menu if it is open. Here the
same diff as the D-Bus menu (:mod:`trayapp.desktop.menu_layout`) decides: a changed label, check
mark or enabled flag is set on the existing item; only a new tree of items builds a new menu.
Runs on the GTK main loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from trayapp.desktop.menu_layout import Ids, Layout, Node, build_layout, diff, tidy
from trayapp.views.menu_model import SEPARATOR, Action, Entry

log = logging.getLogger(__name__)


class GtkMenu:
    def __init__(self, on_action: Callable[[Action], None]) -> None:
        import gi

        gi.require_version("Gtk", "3.0")
        from gi.repository import GLib, Gtk

        self._gtk = Gtk
        self._glib = GLib
        self._on_action = on_action
        self._ids = Ids()
        self._layout = Layout()
        self._items: dict[int, Any] = {}
        self._updating = False  # set_active() fires "activate": not a click
        self.menu: Any = Gtk.Menu.new()

    def update(self, entries: tuple[Entry, ...]) -> None:
        entries = tidy(entries)  # as build_layout does: the nodes below match these entries
        new = build_layout(entries, self._ids, self._layout)
        change = diff(self._layout, new)
        self._layout = new
        if change.layout:
            self._items = {}
            self.menu = self._build(entries, new.root[1])
            return
        flat = dict(_flatten(entries, new.root[1]))
        self._updating = True
        try:
            for item_id, props in change.updated:
                item, entry = self._items.get(item_id), flat.get(item_id)
                if item is None or entry is None:
                    continue
                if "label" in props:
                    self._set_label(item, entry)
                if "enabled" in props:
                    item.set_sensitive(entry.enabled)
                if "toggle-state" in props:
                    item.set_active(bool(entry.checked))
        finally:
            self._updating = False

    def _build(self, entries: tuple[Entry, ...], nodes: tuple[Node, ...]) -> Any:
        Gtk = self._gtk
        menu = Gtk.Menu.new()
        for entry, (item_id, children) in zip(entries, nodes, strict=True):
            if entry is SEPARATOR:
                item = Gtk.SeparatorMenuItem()
            elif entry.checked is not None:
                item = Gtk.CheckMenuItem.new_with_label(entry.text)
                item.set_active(entry.checked)
            else:
                item = Gtk.MenuItem.new_with_label(entry.text)
            if entry is not SEPARATOR:
                self._set_label(item, entry)
                item.set_sensitive(entry.enabled)
                if entry.children:
                    item.set_submenu(self._build(entry.children, children))
                else:
                    item.connect("activate", self._activated, item_id)
            self._items[item_id] = item
            menu.append(item)
        menu.show_all()
        return menu

    def _set_label(self, item: Any, entry: Entry) -> None:
        label = item.get_child()
        if entry.default:  # the left-click action, in bold as GTK menus show defaults
            label.set_markup(f"<b>{self._glib.markup_escape_text(entry.text)}</b>")
        else:
            label.set_text(entry.text)

    def _activated(self, item: Any, item_id: int) -> None:
        action = self._layout.actions.get(item_id)
        if action is not None and not self._updating:
            self._on_action(action)


def _flatten(entries: tuple[Entry, ...], nodes: tuple[Node, ...]) -> list[tuple[int, Entry]]:
    found: list[tuple[int, Entry]] = []
    for entry, (item_id, children) in zip(entries, nodes, strict=True):
        found.append((item_id, entry))
        found += _flatten(entry.children, children)
    return found
