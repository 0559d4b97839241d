"""``ai-status-tray settings``: the settings window in this process (GTK 4 + libadwaita).

Where GTK 4 or libadwaita cannot load (Windows, macOS, a desktop without them), the settings
file opens in the desktop's editor instead, as "Open settings" did before the window existed.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from trayapp.core.i18n import _
from trayapp.core.identity import APP_NAME

log = logging.getLogger(__name__)

APPLICATION_ID = "io.github.ai_status_tray.Settings"


def main(path: Path, first_run: bool = False) -> int:
    try:
        import gi

        gi.require_version("Gtk", "4.0")
        gi.require_version("Adw", "1")
        from gi.repository import Adw, Gio
    except (ImportError, ValueError) as exc:
        return _in_editor(path, f"{type(exc).__name__}: {exc}")

    from trayapp.windows.settings_store import SettingsStore
    from trayapp.windows.settings_window import SettingsWindow

    app = Adw.Application(application_id=APPLICATION_ID, flags=Gio.ApplicationFlags.FLAGS_NONE)
    window: list[SettingsWindow] = []

    def activate(application: Any) -> None:
        if not window:  # a second launch only raises the window already open
            window.append(SettingsWindow(application, SettingsStore(path), first_run))
        window[0].present()

    app.connect("activate", activate)
    if not _has_display():
        return _in_editor(path, "no display")
    return int(app.run([sys.argv[0]]))


def _has_display() -> bool:
    from gi.repository import Gdk

    return Gdk.Display.get_default() is not None or sys.platform in ("win32", "darwin")


def _in_editor(path: Path, why: str) -> int:
    from trayapp.desktop import opener
    from trayapp.settings.config import write_default_config

    log.warning("the settings window cannot open (%s); opening the file instead", why)
    print(
        _("{app}: the settings window cannot open here ({error}); opening {path}").format(
            app=APP_NAME, error=why, path=path
        ),
        file=sys.stderr,
    )
    if not path.exists():
        write_default_config(path)
    return 0 if opener.open_file(path) else 1
