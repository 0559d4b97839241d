"""The About window: libadwaita's own, with the app's version, files and start-up notice."""

from __future__ import annotations

from gi.repository import Adw, Gtk

from trayapp.core.i18n import _
from trayapp.core.identity import APP_ID, APP_NAME
from trayapp.version import version
from trayapp.windows.context import Host, as_application


def about_window(app: Host) -> Gtk.Window:
    context = app.context
    # A demo's windows: its tray reads no settings file, so none is named (nor its problems).
    lines = [] if context.channel else [_("settings: {path}").format(path=context.config_file)]
    if context.log_file is not None:
        lines.append(_("log: {path}").format(path=context.log_file))
    if context.config_problem and not context.channel:
        lines.append(context.config_problem)
    return Adw.AboutWindow(
        application=as_application(app),
        application_name=APP_NAME,
        application_icon=APP_ID,
        version=version(),
        developer_name=_("AI Status Tray contributors"),
        comments=_("The health of the AI tools you depend on, in your system tray."),
        license_type=Gtk.License.MIT_X11,
        debug_info="\n".join(lines),
    )
