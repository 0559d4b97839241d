"""The tray icon as a StatusNotifierItem of our own (KDE/freedesktop SNI, what AppIndicator is).

Why not pystray's ``appindicator`` backend: it builds a new ``Gtk.Menu`` for every menu update
(each exported as a whole new dbusmenu layout, which closes an open menu and has crashed
xfce4-panel's tray), ignores left and middle clicks, and sets no tooltip or accessible
description. Exporting the item here (dbus-python on the GLib main loop, no GTK at all) lets the
menu change in place (:mod:`trayapp.desktop.dbusmenu`), left click (``Activate``) and middle click
(``SecondaryActivate``) open the details page, and the summary is the title, tooltip and
accessible description.

The item registers with every StatusNotifierWatcher that appears (a panel started after the app,
KDE's watcher loaded on demand, a watcher replacing another) and says whether a host shows it,
so :mod:`trayapp.desktop.tray_switch` can fall back to an XEmbed icon meanwhile. With a watcher
that has no host yet, it registers once the host does (or after a while). waybar's host lists the
registered items and only later listens for new ones, so an item registered in between stayed
out of the bar (two CI runs, waybar started after the app).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dbus
import dbus.service
from PIL import Image

from trayapp.core.identity import APP_ID, APP_NAME
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

    @dbus.service.method(ITEM_INTERFACE, in_signature="u", out_signature="")
    def XAyatanaSecondaryActivate(self, timestamp: int) -> None:
        """The middle click as GNOME's AppIndicator extension sends it first (Ayatana's own)."""
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


# GNOME's extension draws a pixmap icon asynchronously and drops a new one that arrives while
# the last is still being drawn (both are "__PIXMAP_ICON_16x16": "Already in progress"): the
# panel then kept the grey icon of the first moments in three runs out of four. The icon is
# announced again once changes have stopped, first soon, then once more later.
ANNOUNCE_AGAIN_MS = (1000, 4000)
# A watcher whose host has not registered yet (waybar starting, KDE's watcher before plasmashell)
# gets the item when the host registers, or after this long if no host ever says so.
REGISTER_ANYWAY_MS = 3000


class SniItem:
    """The item and its menu on the session bus, registered with whichever watcher runs.

    ``on_shown(bool)``: a host shows the item now (registered with a watcher that has a host),
    or no longer does. Needs dbus-python's GLib main loop as the default (the tray sets it)."""

    def __init__(
        self, bus: Any, on_action: Callable[[Action], None], on_shown: Callable[[bool], None]
    ) -> None:
        from gi.repository import GLib

        self._glib = GLib
        self._bus = bus
        self._on_shown = on_shown
        self.item = StatusNotifierItem(bus, lambda: on_action(Action("details")))
        self.menu = DbusMenu(bus, on_action)
        self._watch: Any = None
        self._again: int | None = None
        self._anyway: int | None = None
        self._registering = False
        self._owner = ""  # the watcher's unique name; replies from an earlier one are stale
        self.registered = False
        self.host = True  # the watcher has a host (it says so, or does not say)
        self.shown = False

    def start(self) -> None:
        """Register with each watcher that appears or replaces another, once it has a host."""
        for signal in ("StatusNotifierHostRegistered", "StatusNotifierHostUnregistered"):
            self._bus.add_signal_receiver(
                lambda *args: self._ask_for_host(), signal, WATCHER, WATCHER, WATCHER_PATH
            )
        self._watch = self._bus.watch_name_owner(WATCHER, self._watcher_changed)

    def _watcher_changed(self, owner: str) -> None:
        self._cancel_anyway()
        if not owner and self.registered:
            log.warning("the tray host went away; the icon comes back when one returns")
        self._owner = owner
        self.registered = False
        self._registering = False
        if not owner:
            self._update()
            return
        self.menu.set_label_style(hosts.label_style(self._process_name(owner)))
        self._anyway = self._glib.timeout_add(REGISTER_ANYWAY_MS, self._register_anyway)
        self._ask_for_host()

    def _register_anyway(self) -> bool:
        self._anyway = None
        self._register()
        return False

    def _cancel_anyway(self) -> None:
        if self._anyway is not None:
            self._glib.source_remove(self._anyway)
            self._anyway = None

    def _register(self) -> None:
        if not self._owner or self.registered or self._registering:
            return
        self._cancel_anyway()
        self._registering = True
        watcher = self._bus.get_object(WATCHER, WATCHER_PATH, introspect=False)
        # The object path, not a well-known name (as libayatana-appindicator does): GNOME's
        # extension then follows the item by its unique name. Given a well-known name, it also
        # watches that name and, when the watch reports in after the item's properties were
        # read, drops them and fails on its own null check ("Argument two may not be null"):
        # the icon vanished in 6 starts out of 30 (bench/gnome_bench.py).
        owner = self._owner
        watcher.RegisterStatusNotifierItem(
            ITEM_PATH,
            dbus_interface=WATCHER,
            reply_handler=lambda: self._registered(owner),
            error_handler=lambda error: self._not_registered(owner, error),
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

    def _registered(self, owner: str) -> None:
        if owner != self._owner:
            return
        self._registering = False
        self.registered = True
        log.info("icon registered with the tray host")
        self._ask_for_host()

    def _not_registered(self, owner: str, error: Exception) -> None:
        if owner != self._owner:
            return
        log.warning("the tray host refused the icon: %s", error)
        self._registering = False
        self.registered = False
        self._update()

    def _ask_for_host(self) -> None:
        """A watcher without a host (KDE's, before plasmashell runs) shows nothing."""
        watcher = self._bus.get_object(WATCHER, WATCHER_PATH, introspect=False)
        watcher.Get(
            WATCHER,
            "IsStatusNotifierHostRegistered",
            dbus_interface=PROPERTIES,
            reply_handler=lambda present: self._host_is(bool(present)),
            error_handler=lambda error: self._host_is(True),  # a watcher that does not say
        )

    def _host_is(self, present: bool) -> None:
        self.host = present
        if present:
            self._register()
        self._update()

    def _update(self) -> None:
        shown = self.registered and self.host
        if shown != self.shown:
            self.shown = shown
            self._on_shown(shown)

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
        self._announce_again(0)

    def _announce_again(self, step: int) -> None:
        if self._again is not None:
            self._glib.source_remove(self._again)
            self._again = None
        if step >= len(ANNOUNCE_AGAIN_MS):
            return
        delay = ANNOUNCE_AGAIN_MS[step] - (ANNOUNCE_AGAIN_MS[step - 1] if step else 0)

        def again() -> bool:
            self._again = None
            self.item.NewIcon()
            self._announce_again(step + 1)
            return False

        self._again = self._glib.timeout_add(delay, again)

    def set_title(self, text: str) -> None:
        self.item.title = text
        self.item.description = text
        self.item.NewTitle()
        self.item.NewToolTip()

    def set_menu(self, entries: tuple[Entry, ...]) -> None:
        self.menu.update(entries)
