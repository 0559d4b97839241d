"""Reads and drives applications through AT-SPI, as a screen reader does; one JSON line per
request on stdin, one per answer on stdout. Run by tests/e2e/atspi.py inside a test desktop.

Its own process because libatspi connects to one accessibility bus per process, once: each
test desktop has its own bus, and a hung or crashed AT-SPI call never takes pytest with it.

Requests: {"op": "apps"}; {"op": "tree", "app": NAME}; {"op": "act", "app": NAME, "role": R,
"name": N, "action": A, "nth": 0}; {"op": "focus", ...same match...}; {"op": "set_text", ...
same match..., "text": T}. Answers: {"ok": VALUE} or {"error": MESSAGE}.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

MAX_DEPTH = 60
MAX_NODES = 5000


def _states(node: Any) -> list[str]:
    states = node.get_state_set().get_states()
    return sorted(Atspi.StateType(s).value_nick for s in states)


def _text(node: Any) -> str | None:
    try:
        text = node.get_text_iface()
        if text is None:
            return None
        return str(Atspi.Text.get_text(text, 0, Atspi.Text.get_character_count(text)))
    except Exception:
        return None


def _extents(node: Any) -> list[int] | None:
    try:
        component = node.get_component_iface()
        if component is None:
            return None
        box = Atspi.Component.get_extents(component, Atspi.CoordType.WINDOW)
        return [box.x, box.y, box.width, box.height]
    except Exception:
        return None


def _actions(node: Any) -> list[str]:
    try:
        action = node.get_action_iface()
        if action is None:
            return []
        return [Atspi.Action.get_action_name(action, i) for i in range(action.get_n_actions())]
    except Exception:
        return []


def _dump(node: Any, counter: list[int], depth: int = 0) -> dict[str, Any] | None:
    """The subtree at ``node``; None for a node that went away while it was being read (a
    window redraws while a test reads it). A node that fails twice is kept as "unreadable"
    with the reason, so a test that fails says which part of the window could not be read."""
    error: GLib.Error | None = None
    for _attempt in range(2):
        try:
            return _dump_node(node, counter, depth)
        except GLib.Error as exc:
            error = exc
    if "UnknownObject" in str(error) or "does not exist" in str(error):
        return None  # gone
    return {"role": "unreadable", "name": "", "description": str(error)[:300], "children": []}


def _dump_node(node: Any, counter: list[int], depth: int) -> dict[str, Any]:
    counter[0] += 1
    entry: dict[str, Any] = {
        "role": node.get_role_name(),
        "name": node.get_name() or "",
        "description": node.get_description() or "",
        "states": _states(node),
        "text": _text(node),
        "extents": _extents(node),
        "actions": _actions(node),
        "children": [],
    }
    if depth < MAX_DEPTH:
        for i in range(node.get_child_count()):
            if counter[0] >= MAX_NODES:
                break
            child = node.get_child_at_index(i)
            dumped = _dump(child, counter, depth + 1) if child is not None else None
            if dumped is not None:
                entry["children"].append(dumped)
    return entry


def _apps() -> list[Any]:
    desktop = Atspi.get_desktop(0)
    found = []
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None:
            found.append(app)
    return found


def _app(name: str) -> Any:
    """The application called ``name`` that shows a window: a tray icon's process may carry
    the same name (GTK 3 joins the bus too) with no window at all."""
    named = [app for app in _apps() if (app.get_name() or "") == name]
    if not named:
        raise LookupError(f"no application {name!r} on the accessibility bus")
    with_windows = [app for app in named if app.get_child_count() > 0]
    return (with_windows or named)[0]


def _matches(node: Any, request: dict[str, Any]) -> bool:
    role, name = request.get("role"), request.get("name")
    if role is not None and node.get_role_name() != role:
        return False
    return name is None or (node.get_name() or "") == name


def _find(node: Any, request: dict[str, Any], found: list[Any], depth: int = 0) -> None:
    if _matches(node, request):
        found.append(node)
    if depth >= MAX_DEPTH:
        return
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            _find(child, request, found, depth + 1)


def _target(request: dict[str, Any]) -> Any:
    found: list[Any] = []
    _find(_app(request["app"]), request, found)
    nth = int(request.get("nth", 0))
    if len(found) <= nth:
        raise LookupError(f"nothing matches {request.get('role')!r} {request.get('name')!r}")
    return found[nth]


def handle(request: dict[str, Any]) -> Any:
    op = request["op"]
    if op == "apps":
        return sorted(f"{app.get_name()} ({app.get_process_id()})" for app in _apps())
    if op == "tree":
        app = _app(request["app"])
        tree = _dump_node(app, [0], 0)
        tree["pid"] = app.get_process_id()
        return tree
    if op == "act":
        node = _target(request)
        action = node.get_action_iface()
        names = _actions(node)
        wanted = request.get("action", "click")
        if action is None or wanted not in names:
            raise LookupError(f"{node.get_name()!r} has no action {wanted!r} (has {names})")
        return bool(Atspi.Action.do_action(action, names.index(wanted)))
    if op == "focus":
        component = _target(request).get_component_iface()
        return bool(component is not None and Atspi.Component.grab_focus(component))
    if op == "set_text":
        editable = _target(request).get_editable_text_iface()
        if editable is None:
            raise LookupError("not an editable text")
        return bool(Atspi.EditableText.set_text_contents(editable, request["text"]))
    raise ValueError(f"unknown op {op!r}")


def main() -> None:
    Atspi.init()
    Atspi.get_desktop(0)  # starts the registry on the accessibility bus, before any app
    print(json.dumps({"ok": "ready"}), flush=True)
    for line in sys.stdin:
        try:
            answer = {"ok": handle(json.loads(line))}
        except Exception as exc:
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
