"""Is there a tray to show the icon in, and which way of showing it suits it?

A StatusNotifierWatcher on the session bus means an SNI host (KDE, Xfce, Cinnamon, waybar, GNOME
with the AppIndicator extension): the app exports its own item (:mod:`trayapp.desktop.sni`). An
owner of the X selection ``_NET_SYSTEM_TRAY_S<n>`` means an XEmbed tray (trayer, stalonetray,
older panels): a GTK status icon docks there. Neither means no tray at all (stock GNOME,
Wayland without a watcher): the app says so and keeps notifying; it still waits for either, so
the icon appears when one starts (:mod:`trayapp.desktop.tray_switch`).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from typing import Any

from trayapp.core.i18n import _
from trayapp.desktop.menu_layout import LabelStyle

log = logging.getLogger(__name__)

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"


def label_style(host_process: str | None, desktops: str | None = None) -> LabelStyle:
    """How the tray host reads "_" in menu labels: GNOME Shell's AppIndicator extension its own
    way, every other host the dbusmenu way. ``host_process``: the watcher's command name;
    ``desktops``: ``XDG_CURRENT_DESKTOP``, asked only when the process is not known."""
    if host_process is not None:
        return "gnome" if host_process == "gnome-shell" else "dbusmenu"
    current = os.environ.get("XDG_CURRENT_DESKTOP", "") if desktops is None else desktops
    return "gnome" if "GNOME" in current.upper().split(":") else "dbusmenu"


def no_tray_message() -> str:
    return _(
        "No system tray found — on GNOME install the AppIndicator extension; "
        "showing notifications only"
    )


@dataclass(frozen=True)
class Facts:
    linux: bool
    forced_backend: str | None  # PYSTRAY_BACKEND, when the user (or a test) chose one
    dbus: bool  # dbus-python, GLib and a session bus are usable
    gtk: bool  # GTK 3 bindings import
    x11: bool
    sni_host: bool
    xembed_host: bool


@dataclass(frozen=True)
class Choice:
    """``backend``: "switch" (our own item, and an XEmbed icon on X11 while no host shows it:
    :mod:`trayapp.desktop.tray_switch`) or a pystray backend name ("" = pystray's choice)."""

    backend: str
    host: bool


def choose(facts: Facts) -> Choice:
    if not facts.linux:
        return Choice("", True)
    host = facts.sni_host or facts.xembed_host
    if facts.forced_backend:
        return Choice(facts.forced_backend, host)
    if facts.dbus:
        # Whichever tray runs now or starts later, StatusNotifierItem or XEmbed, gets the icon.
        return Choice("switch", host)
    if facts.x11 and facts.gtk:
        return Choice("gtk", host)  # no session bus: a Gtk.StatusIcon docks in an XEmbed tray
    return Choice("", host)


def gather() -> Facts:
    linux = sys.platform.startswith("linux") or "bsd" in sys.platform
    display = os.environ.get("DISPLAY", "")
    return Facts(
        linux=linux,
        forced_backend=os.environ.get("PYSTRAY_BACKEND") or None,
        dbus=linux and _bus_usable(),
        gtk=linux and _gtk_usable(),
        x11=bool(display),
        sni_host=linux and sni_host_present(),
        xembed_host=bool(display) and xembed_tray_present(display),
    )


def _bus_usable() -> bool:
    try:
        import dbus
        from gi.repository import GLib  # noqa: F401

        dbus.SessionBus(private=True).close()  # private: the shared one gets a main loop later
        return True
    except Exception as exc:
        log.info("no usable D-Bus session bus: %s", exc)
        return False


def _gtk_usable() -> bool:
    try:
        import gi

        gi.require_version("Gtk", "3.0")  # the typelib is there; GTK itself is not loaded
        return True
    except Exception as exc:
        log.info("GTK 3 is not usable: %s", exc)
        return False


def sni_host_present() -> bool:
    """A StatusNotifierWatcher owns its name and (when it says) has a host registered."""
    try:
        import dbus

        bus = dbus.SessionBus(private=True)
        try:
            if not bus.name_has_owner(WATCHER):
                return False
            watcher = bus.get_object(WATCHER, WATCHER_PATH, introspect=False)
            try:
                return bool(
                    watcher.Get(
                        WATCHER,
                        "IsStatusNotifierHostRegistered",
                        dbus_interface="org.freedesktop.DBus.Properties",
                        timeout=2,
                    )
                )
            except dbus.exceptions.DBusException:
                return True  # a watcher that does not say: trust it
        finally:
            bus.close()
    except Exception as exc:
        log.info("could not ask for a StatusNotifierWatcher: %s", exc)
        return False


def xembed_tray_present(display_name: str) -> bool:
    """Someone owns ``_NET_SYSTEM_TRAY_S<screen>`` on ``display_name``.

    Asked of libX11 through ctypes: python-xlib would keep 1.6 MiB of modules for one question.
    """
    try:
        x11 = _libx11()
        handle = x11.XOpenDisplay(display_name.encode())
        if not handle:
            log.info("could not open display %s to look for an XEmbed tray", display_name)
            return False
        try:
            name = f"_NET_SYSTEM_TRAY_S{x11.XDefaultScreen(handle)}".encode()
            return bool(x11.XGetSelectionOwner(handle, x11.XInternAtom(handle, name, 0)))
        finally:
            x11.XCloseDisplay(handle)
    except (OSError, AttributeError) as exc:
        log.info("could not look for an XEmbed tray: %s", exc)
        return False


def _libx11() -> Any:
    import ctypes

    x11 = ctypes.CDLL("libX11.so.6")
    display = ctypes.c_void_p
    x11.XOpenDisplay.argtypes, x11.XOpenDisplay.restype = [ctypes.c_char_p], display
    x11.XDefaultScreen.argtypes, x11.XDefaultScreen.restype = [display], ctypes.c_int
    x11.XInternAtom.argtypes = [display, ctypes.c_char_p, ctypes.c_int]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XGetSelectionOwner.argtypes = [display, ctypes.c_ulong]
    x11.XGetSelectionOwner.restype = ctypes.c_ulong
    x11.XCloseDisplay.argtypes, x11.XCloseDisplay.restype = [display], ctypes.c_int
    return x11
