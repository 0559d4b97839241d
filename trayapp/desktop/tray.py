"""The pystray adapter: shows what the controller decides, and reports menu clicks back.

Every method that changes the icon runs on the UI thread (the controller is called only
through :mod:`trayapp.desktop.uithread`); menu callbacks arrive there from the toolkit.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any, Protocol

from trayapp.core.identity import APP_ID, APP_NAME
from trayapp.core.model import State
from trayapp.desktop.controller import IconLook
from trayapp.views.icon import render
from trayapp.views.menu_model import SEPARATOR, Action, Entry
from trayapp.views.summary import tooltip

log = logging.getLogger(__name__)

ICON_SIZE = 64


class Tray(Protocol):
    """What the app needs of a tray icon, whichever way it is shown."""

    @property
    def backend(self) -> str: ...
    def run(self, setup: Callable[[], None]) -> None: ...
    def stop(self) -> None: ...
    def set_icon(self, look: IconLook) -> None: ...
    def set_title(self, text: str) -> None: ...
    def set_menu(self, entries: tuple[Entry, ...]) -> None: ...


class _NoNotifier:
    """Stands in for pystray's own notifier, which the app never uses (it notifies itself).

    pystray's GTK backends connect to the notification service when the icon starts and raise
    out of ``run()`` (and ``stop()``) when that service fails to activate: a tray icon needs no
    notification daemon.
    """

    def notify(self, *args: Any) -> None:
        pass

    def hide(self) -> None:
        pass


class TrayIcon:
    """One pystray icon; ``on_action`` receives the :class:`Action` of a clicked entry."""

    def __init__(
        self,
        on_action: Callable[[Action], None],
        on_host: Callable[[bool], None] = lambda present: None,
    ) -> None:
        # A tray icon never draws with OpenGL, but GDK probes GLX for visuals at start-up, which
        # loads the GL driver: with Mesa's llvmpipe that alone is ~55 MB of resident memory.
        os.environ.setdefault("GDK_GL", "disable")
        _name_the_program()
        import pystray  # only here: it needs a display to import

        try:
            from pystray._util import notify_dbus

            notify_dbus.Notifier = _NoNotifier
        except Exception:  # not on Linux: no D-Bus notifier to replace
            log.debug("pystray has no D-Bus notifier here", exc_info=True)
        self._pystray = pystray
        self._on_action = on_action
        self.icon: Any = pystray.Icon(APP_ID, icon=render(State.UNKNOWN, ICON_SIZE))
        log.info("tray backend: %s", self.backend)
        self.icon.title = self._for_backend(tooltip(None))
        self._gtk_menu: Any = None
        status_icon = getattr(self.icon, "_status_icon", None)
        if status_icon is not None:  # GTK (XEmbed): say when a tray takes the icon, or drops it
            status_icon.connect(
                "notify::embedded", lambda icon, _spec: on_host(bool(icon.is_embedded()))
            )
            # Our own Gtk.Menu, changed in place (pystray would replace it on every update);
            # pystray pops up whatever _menu_handle holds. Left click: the details page.
            from trayapp.desktop.gtk_menu import GtkMenu

            self._gtk_menu = GtkMenu(on_action)
            status_icon.connect("activate", lambda _icon: on_action(Action("details")))

            def middle_click(_icon: Any, event: Any) -> bool:
                if event.button == 2:
                    on_action(Action("details"))
                    return True
                return False

            status_icon.connect("button-press-event", middle_click)

    @property
    def backend(self) -> str:
        return type(self.icon).__module__.rsplit("._", 1)[-1]

    def run(self, setup: Callable[[], None]) -> None:
        """Block in the toolkit's main loop; ``setup`` runs once the loop is up."""

        def ready(icon: Any) -> None:
            icon.visible = True
            log.info("icon ready")
            setup()

        self.icon.run(setup=ready)

    def stop(self) -> None:
        self.icon.stop()

    # -- what the controller changes -------------------------------------------------------
    def set_icon(self, look: IconLook) -> None:
        self.icon.icon = render(
            look.state,
            ICON_SIZE,
            partial_unknown=look.partial_unknown,
            paused=look.paused,
            unconfirmed=look.unconfirmed,
        )

    def _for_backend(self, text: str) -> str:
        """pystray's xorg backend writes the title as Latin-1 and fails on "…" or "—"."""
        if self.backend == "xorg":
            return text.encode("latin-1", "replace").decode("latin-1")
        return text

    def set_title(self, text: str) -> None:
        self.icon.title = self._for_backend(text)
        # pystray's GTK backend sets only the accessible title; show it on hover too.
        status_icon = getattr(self.icon, "_status_icon", None)
        if status_icon is not None:
            status_icon.set_tooltip_text(text)

    def set_menu(self, entries: tuple[Entry, ...]) -> None:
        if self._gtk_menu is not None:
            self._gtk_menu.update(entries)
            self.icon._menu_handle = self._gtk_menu.menu
            return
        pystray = self._pystray
        self.icon.menu = pystray.Menu(*(self._item(e) for e in entries))

    def _item(self, entry: Entry) -> Any:
        pystray = self._pystray
        if entry is SEPARATOR:
            return pystray.Menu.SEPARATOR
        if entry.children:
            submenu = pystray.Menu(*(self._item(c) for c in entry.children))
            return pystray.MenuItem(entry.text, submenu, enabled=entry.enabled)
        action = entry.action

        def activate(icon: Any, item: Any) -> None:
            if action is not None:
                self._on_action(action)

        kwargs: dict[str, Any] = {"enabled": entry.enabled, "default": entry.default}
        if entry.checked is not None:
            checked = entry.checked
            kwargs["checked"] = lambda item: checked
        return pystray.MenuItem(entry.text, activate, **kwargs)


def _name_the_program() -> None:
    """GTK names windows after argv[0] ("__main__.py" under ``python -m``); use the app's name."""
    try:
        from gi.repository import GLib

        GLib.set_prgname(APP_ID)
        GLib.set_application_name(APP_NAME)
    except Exception:  # no GObject here: another pystray backend will be used
        log.debug("GLib not available to set the program name", exc_info=True)
