"""The Linux tray: the best way to show the icon *now*, changed while the app runs.

A StatusNotifierItem (:mod:`trayapp.desktop.sni`) is the better way wherever a host shows it:
its menu changes in place, it has a tooltip and an accessible description, and it works on
Wayland. An XEmbed icon (:mod:`trayapp.desktop.status_icon`) is the way on X11 while no host shows
the item: trayer and other XEmbed-only trays, or no tray yet. The item is always exported and
registers with every StatusNotifierWatcher that appears (a panel added later, KDE's watcher loaded
on demand, a watcher replacing another); the moment a host shows it, the XEmbed icon hides, and it
comes back if the host goes away. Never both at once: xfce4-panel hosts both kinds and would show
two icons. Whatever was shown last (icon, title, menu) is kept and handed to each.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from trayapp.core.model import State
from trayapp.desktop.controller import IconLook
from trayapp.desktop.hosts import Choice, Facts
from trayapp.desktop.tray import Tray, TrayIcon
from trayapp.desktop.uithread import GLibUiThread, UiThread, for_icon
from trayapp.views.menu_model import Action, Entry

log = logging.getLogger(__name__)

WAIT_FOR_HOST_MS = 3000
SETTLE_MS = 1000


def make_tray(
    choice: Choice,
    facts: Facts,
    on_action: Callable[[Action], None],
    on_host: Callable[[bool], None],
) -> tuple[Tray, UiThread]:
    """The tray :func:`trayapp.desktop.hosts.choose` picked, and its hand-over to the UI thread.

    pystray (with the backend chosen) where ours cannot run: no D-Bus session, Windows, macOS,
    or a ``PYSTRAY_BACKEND`` the user forces."""
    backend = choice.backend
    if backend == "switch":
        try:
            tray = SwitchingTray(
                on_action,
                on_host,
                xembed=facts.x11 and facts.gtk,
                sni_first=facts.sni_host,
                present=choice.host,
            )
            return tray, GLibUiThread()
        except Exception:
            log.warning("could not export a StatusNotifierItem; trying pystray", exc_info=True)
            backend = "gtk" if facts.x11 else ""
    if backend and not os.environ.get("PYSTRAY_BACKEND"):
        os.environ["PYSTRAY_BACKEND"] = backend  # pystray reads it when first imported
    icon = TrayIcon(on_action, on_host)
    return icon, for_icon(icon.icon)


class SwitchingTray:
    """The :class:`trayapp.desktop.tray.Tray` for Linux desktops, on one GLib main loop.

    ``xembed``: an X11 display where an XEmbed icon can stand in; ``sni_first``: a watcher
    runs, so the XEmbed icon waits for its answer before showing (and loading GTK);
    ``present``: whether the app believes a tray shows the icon at start (``on_host`` then
    reports changes to that)."""

    backend = "sni"  # a GLib main loop with dbus-python's integration runs

    def __init__(
        self,
        on_action: Callable[[Action], None],
        on_host: Callable[[bool], None] = lambda present: None,
        xembed: bool = False,
        sni_first: bool = True,
        present: bool = True,
    ) -> None:
        import dbus
        from dbus.mainloop.glib import DBusGMainLoop
        from gi.repository import GLib

        from trayapp.desktop.sni import SniItem

        DBusGMainLoop(set_as_default=True)
        self._glib = GLib
        self._on_action = on_action
        self._on_host = on_host
        self._xembed_allowed = xembed
        self._sni_first = sni_first
        self._loop = GLib.MainLoop()
        self._look = IconLook(State.UNKNOWN)
        self._title: str | None = None
        self._entries: tuple[Entry, ...] | None = None
        self._xembed: Any = None
        self._present = present
        self._report: int | None = None
        self.sni = SniItem(dbus.SessionBus(), on_action, lambda shown: self._changed())
        self.sni.set_icon(self._look)
        log.info("tray: StatusNotifierItem%s", ", XEmbed icon while no host shows it" * xembed)

    def run(self, setup: Callable[[], None]) -> None:
        def ready() -> bool:
            self.sni.start()
            if not self._sni_first:
                self._changed()
            # A watcher that never answers, or has no host (KDE's before plasmashell runs):
            # the XEmbed icon stands in after a while.
            self._glib.timeout_add(WAIT_FOR_HOST_MS, self._waited)
            setup()
            return False

        self._glib.idle_add(ready)
        self._loop.run()

    def stop(self) -> None:
        self._loop.quit()

    def _waited(self) -> bool:
        self._changed()
        return False

    # -- which way shows the icon ----------------------------------------------------------
    def _changed(self) -> None:
        """The item's host came or went, or the XEmbed icon docked or undocked."""
        if self._xembed_allowed:
            if not self.sni.shown and self._xembed is None:
                self._make_xembed()
            if self._xembed is not None:
                self._xembed.set_visible(not self.sni.shown)
        if self._report is None:  # said once things settle: docking takes a moment
            self._report = self._glib.timeout_add(SETTLE_MS, self._say_where)

    def _say_where(self) -> bool:
        self._report = None
        present = self.sni.shown or (self._xembed is not None and self._xembed.embedded)
        if present != self._present:
            self._present = present
            way = "StatusNotifierItem" if self.sni.shown else "XEmbed icon"
            log.info("tray: %s", f"shown as a {way}" if present else "no tray shows the icon")
            self._on_host(present)
        return False

    def _make_xembed(self) -> None:
        from trayapp.desktop.status_icon import XembedIcon

        try:
            icon = XembedIcon(self._on_action, lambda embedded: self._changed())
        except Exception:
            log.warning(
                "no XEmbed icon (GTK 3 unusable); only the StatusNotifierItem", exc_info=True
            )
            self._xembed_allowed = False
            return
        icon.set_icon(self._look)
        if self._title is not None:
            icon.set_title(self._title)
        if self._entries is not None:
            icon.set_menu(self._entries)
        self._xembed = icon

    # -- what the controller changes -------------------------------------------------------
    def set_icon(self, look: IconLook) -> None:
        self._look = look
        self.sni.set_icon(look)
        if self._xembed is not None:
            self._xembed.set_icon(look)

    def set_title(self, text: str) -> None:
        self._title = text
        self.sni.set_title(text)
        if self._xembed is not None:
            self._xembed.set_title(text)

    def set_menu(self, entries: tuple[Entry, ...]) -> None:
        self._entries = entries
        self.sni.set_menu(entries)
        if self._xembed is not None:
            self._xembed.set_menu(entries)
