"""Loading the windows' toolkit, GTK 4 and libadwaita, or saying in one line why it cannot be.

PyGObject comes from the system (Debian: python3-gi, gir1.2-gtk-4.0, gir1.2-adw-1); a pipx
install without system packages, or a binary that bundles GTK 3 only, has no GTK 4: the caller
then falls back to the details page in the browser.
"""

from __future__ import annotations

import sys

from trayapp.core.i18n import _

ADW_MINOR = 2  # libadwaita 1.2 (Debian 12): Adw.AboutWindow, Adw.MessageDialog


class Unavailable(Exception):
    """The windows cannot run here; ``str()`` says why, for the user."""


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
        from gi.repository import Adw, Gtk
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
    if not Gtk.init_check():
        raise Unavailable(_("no display to open a window on"))
