"""Small GTK 4 helpers the settings window's parts share: accessible names, switches, combos."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("Adw", "1")
from gi.repository import Adw, Gtk  # noqa: E402

__all__ = ["Adw", "Gtk", "combo_row", "entry_action", "named", "switch", "switch_row"]


def named(widget: Any, label: str, description: str | None = None) -> Any:
    """Give ``widget`` the name a screen reader says (and tests find it by)."""
    props = [Gtk.AccessibleProperty.LABEL]
    values: list[Any] = [label]
    if description:
        props.append(Gtk.AccessibleProperty.DESCRIPTION)
        values.append(description)
    widget.update_property(props, values)
    return widget


def entry_action(row: Any, button_label: str, name: str, action: Callable[[], None]) -> Any:
    """A button after an entry row's text that does ``action``, as Enter in the entry does.

    libadwaita's own apply button appears only once the text was edited by typing; a button
    that is always there is reachable the same way from the keyboard and assistive tools.
    """
    button = Gtk.Button(label=button_label, valign=Gtk.Align.CENTER)
    named(button, name)
    button.connect("clicked", lambda _b: action())
    row.add_suffix(button)
    row.connect("entry-activated", lambda _r: action())
    return button


def switch(label: str | None, active: bool, changed: Callable[[bool], bool]) -> Gtk.Switch:
    """A switch named ``label`` (None: its row's title names it); ``changed(new)`` returns
    False to refuse (it flips back)."""
    widget = Gtk.Switch(active=active, valign=Gtk.Align.CENTER)
    if label:
        named(widget, label)
    reverting = [False]

    def on_active(sw: Gtk.Switch, _param: Any) -> None:
        if reverting[0]:
            return
        if not changed(sw.get_active()):
            reverting[0] = True
            sw.set_active(not sw.get_active())
            reverting[0] = False

    widget.connect("notify::active", on_active)
    return widget


def combo_row(
    title: str, options: Sequence[str], selected: int, changed: Callable[[int], bool]
) -> Adw.ComboRow:
    """A row with a drop-down, named by its title; ``changed(index)`` returns False to refuse
    (it goes back)."""
    row = Adw.ComboRow(title=title, model=Gtk.StringList.new(list(options)))
    row.set_selected(selected)
    current = [selected]

    def on_selected(r: Adw.ComboRow, _param: Any) -> None:
        index = r.get_selected()
        if index == current[0]:
            return
        if changed(index):
            current[0] = index
        else:
            r.set_selected(current[0])

    row.connect("notify::selected", on_selected)
    return row


def switch_row(title: str, subtitle: str, active: bool, changed: Callable[[bool], bool]) -> Any:
    """A row whose whole width toggles a switch (Adw 1.2 has no SwitchRow)."""
    row = Adw.ActionRow(title=title, subtitle=subtitle)
    toggle = switch(None, active, changed)
    row.add_suffix(toggle)
    row.set_activatable_widget(toggle)
    return row, toggle
