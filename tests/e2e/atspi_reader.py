"""What a Qt desktop shows, read through AT-SPI as a screen reader reads it (run in the desktop's
environment: its display and session bus, where the accessibility bus is activatable).

``atspi_reader.py menu``: the popup menu open now, with every submenu (opened in turn through
its "ShowMenu" action: dbusmenu-qt fills a submenu only when it opens; the last one opened is
closed again, so the menu is left as it was found). Qt keeps popups out of the application's
list of windows, so the menu is found through the focus event of one of its items (a "Down" key
press). ``atspi_reader.py press LABEL…``: in the popup menu open now, open the submenus named
and press the last item named, as a click does. ``atspi_reader.py notifications APP``: the
notification popups of the application ``APP``, with their buttons and where they are on
screen. ``atspi_reader.py tooltips APP``: the texts of each tooltip ``APP`` shows now.
``atspi_reader.py apps``: the names of the applications on the accessibility bus.

Prints one JSON document on stdout.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

MENU_ROLES = {"popup menu", "menu"}


def pump(seconds: float) -> None:
    """Let AT-SPI's events in for ``seconds``."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.iteration(False):
            pass
        time.sleep(0.02)


def open_menu() -> Any:
    """The popup menu on screen, found through the item that gets the focus on "Down"."""
    found: list[Any] = []

    def focused(event: Any) -> None:
        parent = event.source.get_parent()
        if parent is not None and parent.get_role_name() in MENU_ROLES and not found:
            found.append(parent)

    listener = Atspi.EventListener.new(focused)
    listener.register("object:state-changed:focused")
    for _attempt in range(5):
        subprocess.run(["xdotool", "key", "Down"], check=True)
        pump(1.0)
        if found:
            return found[0]
    return None


def _action(item: Any, name: str) -> bool:
    action = item.get_action_iface()
    if action is None:
        return False
    names = [action.get_action_name(i) for i in range(action.get_n_actions())]
    if name not in names:
        return False
    return bool(action.do_action(names.index(name)))


def read_menu(menu: Any, settle: float) -> list[dict[str, Any]]:
    items = _read_level(menu, settle)
    if any("children" in item for item in items):
        subprocess.run(["xdotool", "key", "Escape"], check=True)  # the last submenu opened
        pump(0.2)
    return items


def _read_level(menu: Any, settle: float) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for index in range(menu.get_child_count()):
        child = menu.get_child_at_index(index)
        states = child.get_state_set()
        item: dict[str, Any] = {
            "role": child.get_role_name(),
            "name": child.get_name(),
            "enabled": states.contains(Atspi.StateType.ENABLED),
            "checked": states.contains(Atspi.StateType.CHECKED),
        }
        if child.get_child_count() and _action(child, "ShowMenu"):
            pump(settle)  # dbusmenu-qt asks the app for the submenu, then shows it
            item["children"] = _read_level(child.get_child_at_index(0), settle)
        items.append(item)
    return items


def press(menu: Any, path: list[str], settle: float) -> str:
    """Open the submenus along ``path`` and press its last item; "" when done, else what
    was not found."""
    for depth, label in enumerate(path):
        children = [menu.get_child_at_index(i) for i in range(menu.get_child_count())]
        item = next((c for c in children if c is not None and c.get_name() == label), None)
        if item is None:
            return f"no {label!r} in {[c.get_name() for c in children if c is not None]}"
        if depth == len(path) - 1:
            if any(_action(item, name) for name in ("Press", "Toggle")):
                return ""
            return f"{label!r} cannot be pressed"
        if not _action(item, "ShowMenu"):
            return f"{label!r} opens no submenu"
        pump(settle)
        menu = item.get_child_at_index(0)
    return "an empty path"


def tooltips(app_name: str) -> list[list[str]]:
    """The texts of every tooltip window ``app_name`` shows now (a window of labels only)."""
    found: list[list[str]] = []
    for window in _windows(app_name):
        states = window.get_state_set()
        kids = [window.get_child_at_index(i) for i in range(window.get_child_count())]
        if (
            kids
            and states.contains(Atspi.StateType.SHOWING)
            and all(k is not None and k.get_role_name() == "label" for k in kids)
        ):
            found.append([k.get_name() for k in kids])
    return found


def _windows(app_name: str) -> list[Any]:
    desktop = Atspi.get_desktop(0)
    found: list[Any] = []
    for index in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(index)
        if app is None or app.get_name() != app_name:
            continue
        found += [app.get_child_at_index(w) for w in range(app.get_child_count())]
    return [w for w in found if w is not None]


def notifications(app_name: str) -> list[dict[str, Any]]:
    """Every notification popup of ``app_name``: title, body text, buttons and their boxes."""
    found: list[dict[str, Any]] = []
    for window in _windows(app_name):
        kids = [window.get_child_at_index(i) for i in range(window.get_child_count())]
        notes = [k for k in kids if k is not None and k.get_role_name() == "notification"]
        for note in notes:
            found.append(
                {
                    "title": note.get_name(),
                    "buttons": [
                        {"label": k.get_name(), "box": _box(k)}
                        for k in kids
                        if k is not None
                        and k.get_role_name() == "push button"
                        and k.get_name() not in ("Close", "Minimize", "")
                    ],
                }
            )
    return found


def _box(accessible: Any) -> list[int]:
    extents = accessible.get_extents(Atspi.CoordType.SCREEN)
    return [extents.x, extents.y, extents.width, extents.height]


def main() -> None:
    what = sys.argv[1]
    if what == "menu":
        settle = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
        menu = open_menu()
        print(json.dumps(None if menu is None else read_menu(menu, settle)))
    elif what == "press":
        menu = open_menu()
        print(json.dumps("no menu is open" if menu is None else press(menu, sys.argv[2:], 1.0)))
    elif what == "notifications":
        print(json.dumps(notifications(sys.argv[2])))
    elif what == "tooltips":
        print(json.dumps(tooltips(sys.argv[2])))
    elif what == "apps":
        desktop = Atspi.get_desktop(0)
        apps = [desktop.get_child_at_index(i) for i in range(desktop.get_child_count())]
        print(json.dumps([app.get_name() for app in apps if app is not None]))
    else:
        raise SystemExit(f"unknown: {what}")


if __name__ == "__main__":
    main()
