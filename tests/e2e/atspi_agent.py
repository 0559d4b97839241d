"""One AT-SPI request against the application with a given pid, in its own process.

Usage: atspi_agent.py PID dump | act ROLE NAME [ACTION] | type ROLE NAME TEXT (sets it) | select ROLE NAME N
Prints JSON. Only visible nodes are visited (GTK 4.8 marks none "showing").
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

MAX_NODES = 5000


def application(pid: int) -> Any:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        desktop = Atspi.get_desktop(0)
        for index in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(index)
            if app is not None and app.get_process_id() == pid:
                return app
        time.sleep(0.3)
    raise SystemExit(f"no accessible application with pid {pid}")


def walk(root: Any) -> list[Any]:
    found: list[Any] = []
    stack = [root]
    while stack and len(found) < MAX_NODES:
        node = stack.pop()
        try:
            states = node.get_state_set()
            if node is not root and not states.contains(Atspi.StateType.VISIBLE):
                continue
            count = node.get_child_count()
        except Exception:
            continue
        found.append(node)
        stack.extend(node.get_child_at_index(i) for i in reversed(range(count)))
    return found


def describe(node: Any) -> dict[str, Any]:
    text = ""
    iface = node.get_text_iface()
    if iface is not None:
        text = Atspi.Text.get_text(iface, 0, Atspi.Text.get_character_count(iface))
    states = node.get_state_set()
    return {
        "role": node.get_role_name(),
        "name": node.get_name() or "",
        "description": node.get_description() or "",
        "text": text,
        "checked": states.contains(Atspi.StateType.CHECKED),
        "sensitive": states.contains(Atspi.StateType.SENSITIVE),
        "focused": states.contains(Atspi.StateType.FOCUSED),
    }


def find(root: Any, role: str, prefix: str) -> Any:
    for node in walk(root):
        if node.get_role_name() == role and (node.get_name() or "").startswith(prefix):
            return node
    raise SystemExit(f"no visible {role} named {prefix!r}")


def act(node: Any, wanted: str) -> None:
    actions = node.get_action_iface()
    if actions is None:
        raise SystemExit("the node has no actions")
    names = [Atspi.Action.get_action_name(actions, i) for i in range(actions.get_n_actions())]
    index = names.index(wanted) if wanted else 0
    Atspi.Action.do_action(actions, index)


def main(argv: list[str]) -> None:
    app = application(int(argv[1]))
    command = argv[2]
    if command == "dump":
        print(json.dumps([describe(n) for n in walk(app)]))
        return
    node = find(app, argv[3], argv[4])
    if command == "act":
        act(node, argv[5] if len(argv) > 5 else "")
    elif command == "type":
        editable = node.get_editable_text_iface()
        Atspi.EditableText.set_text_contents(editable, argv[5])
    elif command == "select":
        selection = node.get_selection_iface()
        Atspi.Selection.select_child(selection, int(argv[5]))
    print("null")


if __name__ == "__main__":
    main(sys.argv)
