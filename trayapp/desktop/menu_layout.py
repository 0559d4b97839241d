"""The menu as a dbusmenu layout: stable item ids, and what changed between two menus.

A tray host rebuilds its whole menu when the layout changes, and closes it if it is open (and
xfce4-panel's libdbusmenu-gtk has crashed doing that). So each entry keeps its id for as long as
it keeps its place and kind; a new menu with the same tree of ids is a change of properties
only, sent in place. Pure: no D-Bus here, so it is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trayapp.views.menu_model import SEPARATOR, Action, Entry

Props = dict[str, Any]
Node = tuple[int, tuple["Node", ...]]  # (id, children)
ROOT_ID = 0


def props_of(entry: Entry) -> Props:
    """The dbusmenu properties of one entry (``_`` is a mnemonic marker there: doubled)."""
    if entry is SEPARATOR:
        return {"type": "separator"}
    props: Props = {"label": entry.text.replace("_", "__"), "enabled": entry.enabled}
    if entry.checked is not None:
        props["toggle-type"] = "checkmark"
        props["toggle-state"] = 1 if entry.checked else 0
    if entry.children:
        props["children-display"] = "submenu"
    return props


def _kind(entry: Entry) -> str:
    if entry is SEPARATOR:
        return "separator"
    if entry.children:
        return "submenu"
    return "check" if entry.checked is not None else "item"


@dataclass(frozen=True)
class Layout:
    """One menu as dbusmenu sees it."""

    root: Node = (ROOT_ID, ())
    props: dict[int, Props] = field(default_factory=lambda: {ROOT_ID: _root_props()})
    actions: dict[int, Action] = field(default_factory=dict)

    def nodes(self) -> dict[int, Node]:
        found: dict[int, Node] = {}
        stack = [self.root]
        while stack:
            node = stack.pop()
            found[node[0]] = node
            stack.extend(node[1])
        return found


def _root_props() -> Props:
    return {"children-display": "submenu"}


class IdTable:
    """Gives an entry the same id for as long as it has the same place and kind."""

    def __init__(self) -> None:
        self._ids: dict[tuple[tuple[int, ...], str], int] = {}
        self._next = ROOT_ID + 1

    def id_for(self, path: tuple[int, ...], kind: str) -> int:
        key = (path, kind)
        if key not in self._ids:
            self._ids[key] = self._next
            self._next += 1
        return self._ids[key]


def build_layout(entries: tuple[Entry, ...], ids: IdTable) -> Layout:
    props: dict[int, Props] = {ROOT_ID: _root_props()}
    actions: dict[int, Action] = {}

    def walk(items: tuple[Entry, ...], path: tuple[int, ...]) -> tuple[Node, ...]:
        nodes: list[Node] = []
        for index, entry in enumerate(items):
            here = (*path, index)
            item_id = ids.id_for(here, _kind(entry))
            props[item_id] = props_of(entry)
            if entry.action is not None and entry.enabled:
                actions[item_id] = entry.action
            nodes.append((item_id, walk(entry.children, here)))
        return tuple(nodes)

    return Layout((ROOT_ID, walk(entries, ())), props, actions)


@dataclass(frozen=True)
class Change:
    """What to tell the host: a new layout, or properties changed in place, or nothing."""

    layout: bool = False
    updated: tuple[tuple[int, Props], ...] = ()
    removed: tuple[tuple[int, tuple[str, ...]], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.layout or self.updated or self.removed)


def diff(old: Layout, new: Layout) -> Change:
    if old.root != new.root:
        return Change(layout=True)
    updated: list[tuple[int, Props]] = []
    removed: list[tuple[int, tuple[str, ...]]] = []
    for item_id, props in new.props.items():
        before = old.props.get(item_id, {})
        changed = {k: v for k, v in props.items() if before.get(k) != v}
        if changed:
            updated.append((item_id, changed))
        gone = tuple(k for k in before if k not in props)
        if gone:
            removed.append((item_id, gone))
    return Change(updated=tuple(updated), removed=tuple(removed))
