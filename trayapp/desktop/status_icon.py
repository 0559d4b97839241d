"""The icon in an XEmbed tray (trayer, stalonetray, older panels): a ``Gtk.StatusIcon``.

GTK docks it in whichever tray owns ``_NET_SYSTEM_TRAY_S<n>``, also one that starts later (it
listens for the tray's ``MANAGER`` message), and says so through ``embedded``. The menu is one
``Gtk.Menu`` changed in place (:mod:`trayapp.desktop.gtk_menu`); left and middle click open the
details page, right click the menu; the summary is the tooltip. Created only when needed: GTK
costs ~20 MiB that the StatusNotifierItem path never loads. Runs on the GLib main loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from trayapp.core.identity import APP_ID, APP_NAME
from trayapp.desktop.controller import IconLook
from trayapp.views.icon import render
from trayapp.views.menu_model import Action, Entry

log = logging.getLogger(__name__)

ICON_SIZE = 64  # GTK scales it to the tray's size


class XembedIcon:
    """``on_embedded(bool)``: a tray holds the icon now, or no longer does."""

    def __init__(
        self, on_action: Callable[[Action], None], on_embedded: Callable[[bool], None]
    ) -> None:
        import gi
        from gi.repository import GLib

        # Before GTK starts: the tray's window class is the program's name, not "__main__.py".
        GLib.set_prgname(APP_ID)
        GLib.set_application_name(APP_NAME)
        gi.require_version("Gtk", "3.0")
        gi.require_version("GdkPixbuf", "2.0")
        from gi.repository import GdkPixbuf, Gtk

        from trayapp.desktop.gtk_menu import GtkMenu

        self._glib = GLib
        self._pixbuf = GdkPixbuf
        self._gtk = Gtk
        self._menu = GtkMenu(on_action)
        self.icon: Any = Gtk.StatusIcon()
        self.icon.set_name(APP_ID)
        self.icon.set_title(APP_NAME)
        self.icon.connect("activate", lambda _icon: on_action(Action("details")))
        self.icon.connect("popup-menu", self._popup)
        self.icon.connect("button-press-event", self._middle_click, on_action)
        self.icon.connect("notify::embedded", lambda icon, _spec: on_embedded(self.embedded))

    @property
    def embedded(self) -> bool:
        return bool(self.icon.is_embedded())

    def set_visible(self, visible: bool) -> None:
        self.icon.set_visible(visible)

    def _popup(self, icon: Any, button: int, time: int) -> None:
        self._menu.menu.popup(None, None, self._gtk.StatusIcon.position_menu, icon, button, time)

    @staticmethod
    def _middle_click(_icon: Any, event: Any, on_action: Callable[[Action], None]) -> bool:
        if event.button == 2:
            on_action(Action("details"))
            return True
        return False

    # -- what the controller changes -------------------------------------------------------
    def set_icon(self, look: IconLook) -> None:
        image = render(
            look.state,
            ICON_SIZE,
            partial_unknown=look.partial_unknown,
            paused=look.paused,
            unconfirmed=look.unconfirmed,
        ).convert("RGBA")
        data = self._glib.Bytes.new(image.tobytes())
        self.icon.set_from_pixbuf(
            self._pixbuf.Pixbuf.new_from_bytes(
                data,
                self._pixbuf.Colorspace.RGB,
                True,
                8,
                image.width,
                image.height,
                image.width * 4,
            )
        )

    def set_title(self, text: str) -> None:
        self.icon.set_title(text)
        self.icon.set_tooltip_text(text)

    def set_menu(self, entries: tuple[Entry, ...]) -> None:
        self._menu.update(entries)
