"""Helpers every window uses: plain-text labels, accessible names, a state's glyph and colour.

Text from status pages is shown with :func:`text` only: a ``Gtk.Label`` without markup, so a
page's "<b>" or "&amp;" is shown as written, never interpreted. A state is drawn as the tray
icon draws it: the same glyph (:data:`trayapp.views.summary.SYMBOLS`) on the same colour
(:data:`trayapp.views.icon.COLOURS`), and its name for screen readers.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from gi.repository import Gdk, Gtk, Pango

from trayapp.core.model import State
from trayapp.core.timefmt import clock_with_zone, local_with_zone
from trayapp.desktop import opener
from trayapp.views.icon import COLOURS
from trayapp.views.summary import SYMBOLS

log = logging.getLogger(__name__)


def _css() -> str:
    rules = [
        ".state-badge { border-radius: 999px; min-width: 26px; min-height: 26px;"
        " font-weight: bold; padding: 0 2px; }",
        ".state-badge.small { min-width: 18px; min-height: 18px; font-size: 0.8em; }",
        ".provider-card { padding: 12px 14px; }",
        ".uptime-cell { min-height: 18px; min-width: 2px; border-radius: 2px; }",
        ".uptime-cell.wide { min-width: 14px; }",
        ".uptime-cell.none { background-color: alpha(currentColor, 0.15); }",
        ".incident { border-left: 3px solid alpha(currentColor, 0.25); padding-left: 8px; }",
    ]
    for state, (fill, ink) in COLOURS.items():
        rules.append(f".state-{state.value} {{ background-color: {fill}; color: {ink}; }}")
        rules.append(f".uptime-cell.state-{state.value} {{ background-color: {fill}; }}")
    return "\n".join(rules)


def install_css() -> None:
    """The app's few style rules, once per display (after the toolkit started)."""
    display = Gdk.Display.get_default()
    if display is None:
        return
    provider = Gtk.CssProvider()
    provider.load_from_data(_css().encode())
    Gtk.StyleContext.add_provider_for_display(
        display, provider, Gtk.STYLE_PROVIDER_PRIORITY_APPLICATION
    )


def accessible(widget: Gtk.Widget, name: str, description: str | None = None) -> Gtk.Widget:
    """Give ``widget`` the name (and description) a screen reader says."""
    widget.update_property([Gtk.AccessibleProperty.LABEL], [name])
    if description:
        widget.update_property([Gtk.AccessibleProperty.DESCRIPTION], [description])
    return widget


def text(value: str, *classes: str, wrap: bool = True, selectable: bool = False) -> Gtk.Label:
    """A label showing ``value`` as plain text (never markup), wrapping, start-aligned."""
    label = Gtk.Label()
    label.set_use_markup(False)
    label.set_text(value)
    label.set_xalign(0.0)
    label.set_halign(Gtk.Align.FILL)
    label.set_hexpand(True)
    if wrap:
        label.set_wrap(True)
        label.set_wrap_mode(Pango.WrapMode.WORD_CHAR)  # long URLs and names wrap too
    label.set_selectable(selectable)
    for name in classes:
        label.add_css_class(name)
    return label


def state_badge(state: State, small: bool = False) -> Gtk.Label:
    """The icon's glyph on the icon's colour; a screen reader reads the state's name."""
    badge = Gtk.Label(label=SYMBOLS[state])
    badge.add_css_class("state-badge")
    badge.add_css_class(f"state-{state.value}")
    if small:
        badge.add_css_class("small")
    badge.set_valign(Gtk.Align.CENTER)
    badge.set_halign(Gtk.Align.CENTER)
    accessible(badge, state.label)
    return badge


def button(
    label: str,
    on_click: Callable[[], None],
    name: str | None = None,
    icon: str | None = None,
    key: str | None = None,
) -> Gtk.Button:
    """A button; ``name`` is its accessible name when the label alone says too little
    (several "Open status page" buttons: each names its provider); ``key`` identifies it
    across redraws, so keyboard focus can stay on it."""
    widget = Gtk.Button(label=label) if icon is None else Gtk.Button.new_from_icon_name(icon)
    if icon is not None:
        widget.set_tooltip_text(label)
    widget.connect("clicked", lambda _button: on_click())
    accessible(widget, name or label)
    if key:
        widget.set_name(key)
    return widget


def link_button(
    label: str, url: str, name: str | None = None, key: str | None = None
) -> Gtk.Button:
    """A button that opens an http(s) link in the browser (anything else is refused)."""
    widget = button(label, lambda: open_link(url), name, key=key)
    widget.set_tooltip_text(url)
    return widget


def open_link(url: str) -> None:
    """Open ``url`` off the main loop: a slow browser start never freezes the window."""
    threading.Thread(target=opener.open_url, args=(url,), name="open-link", daemon=True).start()


def when(moment: datetime | None, now: datetime) -> str:
    """``14:05 WIB`` today, ``Nov 20 14:05 WIB`` another day: in the user's zone."""
    return clock_with_zone(moment, now)


def full_when(moment: datetime | None, now: datetime) -> str:
    """``2026-11-22 14:05 WIB``: unambiguous."""
    return local_with_zone(moment, now.tzinfo)
