"""Loading the windows' toolkit, GTK 4 and libadwaita, or saying in one line why it cannot be.

PyGObject comes from the system (Debian: python3-gi, gir1.2-gtk-4.0, gir1.2-adw-1); a pipx
install without system packages, or a binary that bundles GTK 3 only, has no GTK 4: the caller
then falls back to the details page in the browser.
"""

from __future__ import annotations

import os
import sys

from trayapp.core.i18n import _

ADW_MINOR = 2  # libadwaita 1.2 (Debian 12): Adw.AboutWindow, Adw.MessageDialog


class Unavailable(Exception):
    """The windows cannot run here; ``str()`` says why, for the user."""


class NoDisplay(Unavailable):
    """GTK is there, but no display can be opened (``DISPLAY`` names no running server)."""


def require() -> None:
    """Load GTK 4 and libadwaita and open the display, or raise :class:`Unavailable`."""
    if getattr(sys, "frozen", False):
        # PyInstaller's gi hooks bundle one GTK per namespace, and the binary bundles GTK 3 for
        # the tray; a system GTK 4 loaded against the bundled GLib could crash: never tried.
        raise Unavailable(_("this single-file build has no GTK 4; install with pipx for windows"))
    try:
        import gi

        gi.require_version("Gtk", "4.0")
        gi.require_version("Adw", "1")
        gi.require_version("Gdk", "4.0")
        from gi.repository import Adw, Gdk, Gtk
    except (ImportError, ValueError) as exc:
        raise Unavailable(
            _("GTK 4 and libadwaita are not installed for this Python ({error})").format(error=exc)
        ) from None
    if Adw.get_major_version() == 1 and Adw.get_minor_version() < ADW_MINOR:
        version = f"{Adw.get_major_version()}.{Adw.get_minor_version()}"
        raise Unavailable(
            _("libadwaita {version} is too old (1.{minor} or newer is needed)").format(
                version=version, minor=ADW_MINOR
            )
        )
    # PyGObject already called gtk_init_check() on import, and a second call says True even
    # when the first failed: the default display is what tells.
    if not Gtk.init_check() or Gdk.Display.get_default() is None:
        where = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY") or "?"
        raise NoDisplay(_("the display {display} cannot be opened").format(display=where))
