"""The windows' application: one ``Adw.Application`` for the details, settings and about windows.

Its fixed id (:data:`trayapp.core.identity.WINDOWS_APP_ID`) makes it unique per session: a
second ``ai-status-tray details`` hands its command line to the running process over D-Bus and
exits, and the running one presents (raises) the window it already has. The tray raises a
window the same way, through the ``show`` action (GApplication's own
``org.freedesktop.Application.ActivateAction``), without starting a process; ``quit`` closes
every window. The process ends
when its last window closes, and frees everything with it.

Windows are registered in :data:`FACTORIES` by name (the command's name): each factory builds
the window for the application; the application keeps one of each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("Adw", "1")
from gi.repository import Adw, Gio, GLib, Gtk  # noqa: E402

from trayapp.core.i18n import _  # noqa: E402
from trayapp.core.identity import (  # noqa: E402
    APP_ID,
    APP_NAME,
    control_bus_name,
    windows_app_id,
)
from trayapp.windows import widgets  # noqa: E402
from trayapp.windows.context import Context  # noqa: E402
from trayapp.windows.tray_link import TrayLink  # noqa: E402

log = logging.getLogger(__name__)


def _details(app: WindowsApp) -> Gtk.Window:
    from trayapp.windows.details import DetailsWindow

    return DetailsWindow(app)


def _about(app: WindowsApp) -> Gtk.Window:
    from trayapp.windows.about import about_window

    return about_window(app)


def _settings(app: WindowsApp) -> Gtk.Window:
    from trayapp.windows.settings_window import settings_window

    return settings_window(app)


Factory = Callable[["WindowsApp"], Gtk.Window]
# The windows by command name.
FACTORIES: dict[str, Factory] = {"details": _details, "settings": _settings, "about": _about}


class WindowsApp(Adw.Application):  # type: ignore[misc]
    def __init__(self, context: Context) -> None:
        super().__init__(
            application_id=windows_app_id(context.channel),
            flags=Gio.ApplicationFlags.HANDLES_COMMAND_LINE,
        )
        self.context = context
        self.tray = TrayLink(control_bus_name(context.channel))  # the running tray, if any
        self._open: dict[str, Gtk.Window] = {}
        show = Gio.SimpleAction.new("show", GLib.VariantType.new("s"))
        show.connect("activate", lambda _action, name: self.show(name.get_string()))
        self.add_action(show)
        quit_all = Gio.SimpleAction.new("quit", None)  # every window closes; the process ends
        quit_all.connect("activate", lambda *_: self.quit())
        self.add_action(quit_all)

    def do_startup(self) -> None:
        Adw.Application.do_startup(self)
        GLib.set_prgname(APP_ID)  # the window class the desktop matches to our .desktop entry
        GLib.set_application_name(APP_NAME)
        Gtk.Window.set_default_icon_name(APP_ID)
        widgets.install_css()
        self.set_accels_for_action("window.close", ["<Control>w"])
        self.set_accels_for_action("app.quit", ["<Control>q"])
        self.tray.start()

    def do_command_line(self, command_line: Gio.ApplicationCommandLine) -> int:
        args = command_line.get_arguments()
        name = args[1] if len(args) > 1 else "details"
        if name not in FACTORIES:
            command_line.printerr(_("{app}: no window called {name}").format(app=APP_ID, name=name))
            command_line.printerr("\n")
            return 2
        self.show(name)
        return 0

    def show(self, name: str) -> None:
        """Present window ``name``, building it the first time (or after it was closed)."""
        window = self._open.get(name)
        if window is None:
            if name == "settings" and self.context.channel:
                log.warning("a demo's windows never edit the settings")
                return
            factory = FACTORIES.get(name)
            if factory is None:
                log.warning("asked for an unknown window %r", name)
                return
            window = factory(self)
            self._open[name] = window
            window.connect("close-request", lambda _w, name=name: self._closed(name))
            log.info("%s window opened", name)
        window.present()

    def _closed(self, name: str) -> bool:
        self._open.pop(name, None)
        log.info("%s window closed", name)
        return False  # let GTK close (and destroy) it; the app quits after the last one

    def do_shutdown(self) -> None:
        self.tray.stop()
        Adw.Application.do_shutdown(self)
