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
import os
from collections.abc import Callable
from importlib.resources import files

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("Adw", "1")
from gi.repository import Adw, Gdk, Gio, GLib, Gtk  # noqa: E402

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


def _target(target: str) -> tuple[str, str]:
    """``details:claude`` as (window, provider)."""
    name, _sep, provider = target.partition(":")
    return name, provider


def _details(app: WindowsApp) -> Gtk.Window:
    from trayapp.windows.details import DetailsWindow

    return DetailsWindow(app)


def _about(app: WindowsApp) -> Gtk.Window:
    from trayapp.windows.about import about_window

    return about_window(app)


def _settings(app: WindowsApp) -> Gtk.Window:
    from trayapp.windows.settings_window import settings_window

    return settings_window(app)


def add_own_icons() -> None:
    """Put the icon theme tree shipped inside the package on GTK's icon search path: a clone,
    a pipx venv or a wheel install the app's icon where no icon theme looks (the desktop's own
    copy, from a .deb or ``pip install --user``, still wins)."""
    display = Gdk.Display.get_default()
    if display is not None:
        theme = Gtk.IconTheme.get_for_display(display)
        theme.add_search_path(str(files("trayapp").joinpath("icons")))


Factory = Callable[["WindowsApp"], Gtk.Window]
# The windows by command name.
FACTORIES: dict[str, Factory] = {"details": _details, "settings": _settings, "about": _about}


class WindowsApp(Adw.Application):  # type: ignore[misc]
    def __init__(self, context: Context, renderer_env: str | None = None) -> None:
        super().__init__(
            application_id=windows_app_id(context.channel),
            flags=Gio.ApplicationFlags.HANDLES_COMMAND_LINE,
        )
        self.context = context
        self._renderer_env = renderer_env  # set for GTK alone: dropped once GTK has read it
        self.tray = TrayLink(control_bus_name(context.channel))  # the running tray, if any
        self._open: dict[str, Gtk.Window] = {}
        # "details", or "details:claude" for the details at that provider.
        show = Gio.SimpleAction.new("show", GLib.VariantType.new("s"))
        show.connect("activate", lambda _action, target: self.show(*_target(target.get_string())))
        self.add_action(show)
        quit_all = Gio.SimpleAction.new("quit", None)  # every window closes; the process ends
        quit_all.connect("activate", lambda *_: self.quit())
        self.add_action(quit_all)

    def do_startup(self) -> None:
        Adw.Application.do_startup(self)
        GLib.set_prgname(APP_ID)  # the window class the desktop matches to our .desktop entry
        GLib.set_application_name(APP_NAME)
        add_own_icons()
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
        self.show(name, args[2] if len(args) > 2 else "")
        return 0

    def show(self, name: str, provider: str = "") -> None:
        """Present window ``name``, building it the first time (or after it was closed);
        ``provider``: the details window shows that provider's card."""
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
        if provider and hasattr(window, "show_provider"):
            window.show_provider(provider)
        window.present()
        if self._renderer_env and window.get_realized():
            # GTK chose its renderer when the first window was realized, once for the process.
            os.environ.pop(self._renderer_env, None)
            self._renderer_env = None

    def _closed(self, name: str) -> bool:
        self._open.pop(name, None)
        log.info("%s window closed", name)
        return False  # let GTK close (and destroy) it; the app quits after the last one

    def do_shutdown(self) -> None:
        self.tray.stop()
        Adw.Application.do_shutdown(self)
