"""The tray icon as a StatusNotifierItem of our own (KDE/freedesktop SNI, what AppIndicator is).

Why not pystray's ``appindicator`` backend: it builds a new ``Gtk.Menu`` for every menu update
(each exported as a whole new dbusmenu layout, which closes an open menu and has crashed
xfce4-panel's tray), ignores left and middle clicks, and sets no tooltip or accessible
description. Exporting the item here (dbus-python on the GLib main loop, no GTK at all) lets the
menu change in place (:mod:`trayapp.desktop.dbusmenu`), left click (``Activate``) and middle click
(``SecondaryActivate``) open the details page, and the summary is the title, tooltip and
accessible description. The item registers with the StatusNotifierWatcher whenever one appears,
so the icon shows up when a panel starts after the app.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from PIL import Image

from trayapp.core.identity import APP_ID, APP_NAME
from trayapp.core.model import State
from trayapp.desktop import hosts
from trayapp.desktop.controller import IconLook
from trayapp.desktop.dbusmenu import MENU_PATH, PROPERTIES, DbusMenu
from trayapp.desktop.hosts import WATCHER, WATCHER_PATH
from trayapp.views.icon import render
from trayapp.views.menu_model import Action, Entry
from trayapp.views.summary import tooltip

log = logging.getLogger(__name__)

ITEM_PATH = "/StatusNotifierItem"
ITEM_INTERFACE = "org.kde.StatusNotifierItem"
PIXMAP_SIZES = (16, 22, 24, 32, 48, 64)


def pixmap(image: Image.Image) -> dbus.Struct:
    """One ``(width, height, ARGB32 bytes in network order)`` entry of an SNI icon."""
    r, g, b, a = image.convert("RGBA").split()
    data = Image.merge("RGBA", (a, r, g, b)).tobytes()
    return dbus.Struct(
        (dbus.Int32(image.width), dbus.Int32(image.height), dbus.ByteArray(data)),
        signature="iiay",
    )


class StatusNotifierItem(dbus.service.Object):  # type: ignore[misc]
    """The item object: properties hosts read, clicks they send, signals when things change."""

    def __init__(self, bus: Any, on_activate: Callable[[], None]) -> None:
        super().__init__(bus, ITEM_PATH)
        self._on_activate = on_activate
        self.title = tooltip(None)
        self.pixmaps = dbus.Array([], signature="(iiay)")
        self.description = ""

    def properties(self) -> dict[str, Any]:
        return {
            "Category": dbus.String("ApplicationStatus"),
            "Id": dbus.String(APP_ID),
            "Title": dbus.String(self.title),
            "Status": dbus.String("Active"),
            "WindowId": dbus.Int32(0),
            "IconName": dbus.String(""),
            "IconThemePath": dbus.String(""),
            "IconPixmap": self.pixmaps,
            "OverlayIconName": dbus.String(""),
            "OverlayIconPixmap": dbus.Array([], signature="(iiay)"),
            "AttentionIconName": dbus.String(""),
            "AttentionIconPixmap": dbus.Array([], signature="(iiay)"),
            "AttentionMovieName": dbus.String(""),
            "ToolTip": dbus.Struct(
                ("", dbus.Array([], signature="(iiay)"), APP_NAME, self.title),
                signature="sa(iiay)ss",
            ),
            "ItemIsMenu": dbus.Boolean(False),
            "Menu": dbus.ObjectPath(MENU_PATH),
            "IconAccessibleDesc": dbus.String(self.description),
            "AttentionAccessibleDesc": dbus.String(self.description),
        }

    # -- clicks ----------------------------------------------------------------------------
    @dbus.service.method(ITEM_INTERFACE, in_signature="ii", out_signature="")
    def Activate(self, x: int, y: int) -> None:
        self._on_activate()

    @dbus.service.method(ITEM_INTERFACE, in_signature="ii", out_signature="")
    def SecondaryActivate(self, x: int, y: int) -> None:
        self._on_activate()

    @dbus.service.method(ITEM_INTERFACE, in_signature="ii", out_signature="")
    def ContextMenu(self, x: int, y: int) -> None:
        pass  # hosts show the exported menu themselves

    @dbus.service.method(ITEM_INTERFACE, in_signature="is", out_signature="")
    def Scroll(self, delta: int, orientation: str) -> None:
        pass

    @dbus.service.method(ITEM_INTERFACE, in_signature="s", out_signature="")
    def ProvideXdgActivationToken(self, token: str) -> None:
        os.environ["XDG_ACTIVATION_TOKEN"] = str(token)  # lets the browser raise its window

    # -- change signals --------------------------------------------------------------------
    @dbus.service.signal(ITEM_INTERFACE, signature="")
    def NewIcon(self) -> None:
        pass

    @dbus.service.signal(ITEM_INTERFACE, signature="")
    def NewTitle(self) -> None:
        pass

    @dbus.service.signal(ITEM_INTERFACE, signature="")
    def NewToolTip(self) -> None:
        pass

    @dbus.service.signal(ITEM_INTERFACE, signature="s")
    def NewStatus(self, status: str) -> None:
        pass

    # -- org.freedesktop.DBus.Properties ---------------------------------------------------
    @dbus.service.method(PROPERTIES, in_signature="ss", out_signature="v")
    def Get(self, interface: str, name: str) -> Any:
        props = self.properties()
        if str(name) not in props:
            raise dbus.exceptions.DBusException(f"no property {name}")
        return props[str(name)]

    @dbus.service.method(PROPERTIES, in_signature="s", out_signature="a{sv}")
    def GetAll(self, interface: str) -> Any:
        return dbus.Dictionary(self.properties(), signature="sv")

    @dbus.service.signal(PROPERTIES, signature="sa{sv}as")
    def PropertiesChanged(self, interface: str, changed: Any, invalidated: Any) -> None:
        pass


class SniTray:
    """The tray shell on the SNI path: same surface as :class:`trayapp.desktop.tray.TrayIcon`."""

    backend = "sni"

    def __init__(
        self,
        on_action: Callable[[Action], None],
        on_host: Callable[[bool], None] = lambda present: None,
    ) -> None:
        from gi.repository import GLib

        DBusGMainLoop(set_as_default=True)
        self._glib = GLib
        self._bus = dbus.SessionBus()
        self._on_host = on_host
        self.item = StatusNotifierItem(self._bus, lambda: on_action(Action("details")))
        self.menu = DbusMenu(self._bus, on_action)
        self._loop = GLib.MainLoop()
        self._watch: Any = None
        self.registered = False
        self.set_icon(IconLook(State.UNKNOWN))
        log.info("tray backend: %s", self.backend)

    def run(self, setup: Callable[[], None]) -> None:
        def ready() -> bool:
            self._watch = self._bus.watch_name_owner(WATCHER, self._watcher_changed)
            setup()
            return False

        self._glib.idle_add(ready)
        self._loop.run()

    def stop(self) -> None:
        self._loop.quit()

    def _watcher_changed(self, owner: str) -> None:
        if not owner:
            if self.registered:
                log.warning("the tray host went away; the icon comes back when one returns")
            self.registered = False
            self._on_host(False)
            return
        self.menu.set_label_style(hosts.label_style(self._process_name(owner)))
        watcher = self._bus.get_object(WATCHER, WATCHER_PATH, introspect=False)
        # The object path, not a well-known name (as libayatana-appindicator does): GNOME's
        # extension then follows the item by its unique name. Given a well-known name, it also
        # watches that name and, when the watch reports in after the item's properties were
        # read, drops them and fails on its own null check ("Argument two may not be null"):
        # the icon vanished in one start out of six.
        watcher.RegisterStatusNotifierItem(
            ITEM_PATH,
            dbus_interface=WATCHER,
            reply_handler=self._registered,
            error_handler=self._not_registered,
        )

    def _process_name(self, owner: str) -> str | None:
        """The command name of the process that owns the watcher (None when not known)."""
        try:
            bus = self._bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
            pid = bus.GetConnectionUnixProcessID(owner, dbus_interface="org.freedesktop.DBus")
            comm = Path(f"/proc/{int(pid)}/comm")
            return comm.read_text(encoding="utf-8", errors="replace")[:64].strip()
        except (dbus.exceptions.DBusException, OSError, ValueError) as exc:
            log.info("could not tell which tray host this is: %s", exc)
            return None

    def _registered(self) -> None:
        self.registered = True
        log.info("icon registered with the tray host")
        self._on_host(True)

    def _not_registered(self, error: Exception) -> None:
        log.warning("the tray host refused the icon: %s", error)

    # -- what the controller changes -------------------------------------------------------
    def set_icon(self, look: IconLook) -> None:
        self.item.pixmaps = dbus.Array(
            [
                pixmap(
                    render(
                        look.state,
                        s,
                        partial_unknown=look.partial_unknown,
                        paused=look.paused,
                        unconfirmed=look.unconfirmed,
                    )
                )
                for s in PIXMAP_SIZES
            ],
            signature="(iiay)",
        )
        self.item.NewIcon()

    def set_title(self, text: str) -> None:
        self.item.title = text
        self.item.description = text
        self.item.NewTitle()
        self.item.NewToolTip()

    def set_menu(self, entries: tuple[Entry, ...]) -> None:
        self.menu.update(entries)
