"""Checks run in a child process with GTK 4 on the test's Xvfb (``python -m
tests.windows.gtk_checks NAME DIR``): the test process itself never loads GTK 4 (other tests
load GTK 3, and one process holds one). Each check prints one JSON line: what it found."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import gi

gi.require_version("Gtk", "4.0")
gi.require_version("Adw", "1")
from gi.repository import Adw, Gtk  # noqa: E402

from tests.conftest import make_spec  # noqa: E402

# Component names as a page may write them: an ampersand, tags, a lone "<".
HOSTILE = ("Billing & Payments", "<b>x</b>", "Latency < 5 s & rising")


def walk(widget: Any) -> Iterator[Any]:
    child = widget.get_first_child()
    while child is not None:
        yield child
        yield from walk(child)
        child = child.get_next_sibling()


def texts(widget: Any) -> list[str]:
    return [w.get_text() for w in walk(widget) if isinstance(w, Gtk.Label) and w.get_text()]


def rows_with_markup(widget: Any) -> list[str]:
    return [
        f"{type(w).__name__} {w.get_title()!r}"
        for w in walk(widget)
        if isinstance(w, Adw.PreferencesRow) and w.get_use_markup()
    ]


def markup(folder: Path) -> dict[str, Any]:
    """The whole settings window for a file in a folder called "dot&files" with a provider of
    the user's called "AT&T", and add-by-URL's rows for a page with hostile component names."""
    from trayapp.windows.settings_add import AddByUrl
    from trayapp.windows.settings_store import SettingsStore
    from trayapp.windows.settings_tasks import Found
    from trayapp.windows.settings_window import SettingsWindow

    config = folder / "dot&files" / "config.toml"
    config.parent.mkdir()
    config.write_text(
        '[catalogue]\nenabled = []\n[[providers]]\nid = "att"\nname = "AT&T"\n'
        'type = "statuspage"\nurl = "https://status.att.example"\n'
    )
    store = SettingsStore(config, data_dir=folder)
    window = SettingsWindow(None, store).window
    add = AddByUrl(store, lambda change: True, lambda: None)
    add._detected(Found(make_spec("statuspage", "https://status.example.com"), HOSTILE))
    return {
        "rows_with_markup": rows_with_markup(window) + rows_with_markup(add.group),
        "texts": texts(window) + texts(add.group),
        "path": str(config),
    }


def pause(folder: Path) -> dict[str, Any]:
    """The General page opened while paused, then "Not paused" chosen."""
    from trayapp.windows.settings_general import general_page
    from trayapp.windows.settings_store import SettingsStore

    store = SettingsStore(folder / "config.toml", data_dir=folder)
    store.pause("1h")
    page = general_page(store, lambda change: bool(change() or True), lambda text: None)
    combo = next(w for w in walk(page) if isinstance(w, Adw.ComboRow))
    shown = combo.get_model().get_string(combo.get_selected())
    combo.set_selected(0)  # "Not paused"
    return {"shown": shown, "paused_after": store.paused_until() is not None}


def icons(folder: Path) -> dict[str, Any]:
    """The icon every window names (the default icon, the About window's), once the windows'
    application added its own icons: whether the theme has it, and from which file."""
    from gi.repository import Gdk

    from trayapp.core.identity import APP_ID
    from trayapp.windows.app import add_own_icons

    theme = Gtk.IconTheme.get_for_display(Gdk.Display.get_default())
    before = theme.has_icon(APP_ID)
    add_own_icons()
    icon = theme.lookup_icon(APP_ID, None, 128, 1, Gtk.TextDirection.NONE, 0)
    file = icon.get_file()
    return {"before": before, "after": theme.has_icon(APP_ID), "file": file and file.get_path()}


CHECKS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "markup": markup,
    "pause": pause,
    "icons": icons,
}


if __name__ == "__main__":
    Adw.init()
    print(json.dumps(CHECKS[sys.argv[1]](Path(sys.argv[2]))), flush=True)
