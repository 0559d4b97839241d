"""The menu as a dbusmenu layout: item ids that hosts can follow, and what changed between menus.

Hosts keep their own copy of the tree and apply changes to it, each its own way. What every one
of them (libdbusmenu, dbusmenu-qt, GNOME's AppIndicator extension, v46 and v53+) follows
correctly, measured on each:

- An item keeps its id while it keeps its place, its kind and every sibling before it; anything
  after the first change in a list of siblings gets a fresh id. GNOME's extension never moves
  an item it already shows (its "child-moved" handler is wired to the wrong arguments), so an
  item whose position shifts must be a new item.
- An id is never given again to another item: a host that applies two layouts late, as one,
  would otherwise keep the old item's text.
- A new tree goes out as ``LayoutUpdated`` *together with* ``ItemsPropertiesUpdated`` for the
  items it keeps: GNOME's extension re-reads only ``type`` and ``children-display`` of items it
  knows, and v53+ re-reads their properties on open only when it saw that signal.
- ``LayoutUpdated`` names each kept item whose list of children changed: dbusmenu-qt (Plasma)
  re-reads only the level it is told (``GetLayout(parent, 1)``), and a submenu it has filled
  once it never re-reads on its own.
- An item's set of property names depends only on its kind, so no property is ever removed.
- No separator leads, trails or follows another (:func:`tidy`): GNOME Shell hides those and Qt
  collapses them, so what hosts show would differ from the export.

Pure: no D-Bus here, so it is tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import count
from typing import Any, Literal

from trayapp.views.menu_model import SEPARATOR, Action, Entry

Props = dict[str, Any]
Node = tuple[int, tuple["Node", ...]]  # (id, children)
ROOT_ID = 0
# How a host reads "_" in labels. "dbusmenu": the spec ("__" is "_", a lone "_" marks a
# mnemonic; libdbusmenu, dbusmenu-qt). "gnome": the AppIndicator extension drops the first "_"
# that precedes another character, and only that one.
LabelStyle = Literal["dbusmenu", "gnome"]
_FIRST_MNEMONIC = re.compile(r"_(?=[^_])")


def label(text: str, style: LabelStyle = "dbusmenu") -> str:
    """``text`` as a dbusmenu label that ``style``'s hosts show as ``text``, without mnemonic."""
    if style == "gnome":
        # Double only the underscore the extension will drop.
        return _FIRST_MNEMONIC.sub("__", text, count=1)
    return text.replace("_", "__")


def props_of(entry: Entry, style: LabelStyle = "dbusmenu") -> Props:
    """The dbusmenu properties of one entry; the same names for every entry of a kind."""
    if entry is SEPARATOR:
        return {"type": "separator"}
    props: Props = {"label": label(entry.text, style), "enabled": entry.enabled}
    if entry.checked is not None:
        props["toggle-type"] = "checkmark"
        props["toggle-state"] = 1 if entry.checked else 0
    if entry.children:
        props["children-display"] = "submenu"
    return props


def kind_of(entry: Entry) -> str:
    if entry is SEPARATOR:
        return "separator"
    if entry.children:
        return "submenu"
    return "check" if entry.checked is not None else "item"


def _root_props() -> Props:
    return {"children-display": "submenu"}


@dataclass(frozen=True)
class Layout:
    """One menu as dbusmenu sees it."""

    root: Node = (ROOT_ID, ())
    props: dict[int, Props] = field(default_factory=lambda: {ROOT_ID: _root_props()})
    actions: dict[int, Action] = field(default_factory=dict)
    kinds: dict[int, str] = field(default_factory=dict)

    def nodes(self) -> dict[int, Node]:
        found: dict[int, Node] = {}
        stack = [self.root]
        while stack:
            node = stack.pop()
            found[node[0]] = node
            stack.extend(node[1])
        return found


class Ids:
    """Fresh item ids, never the same one twice."""

    def __init__(self) -> None:
        self._next: Iterator[int] = count(ROOT_ID + 1)

    def fresh(self) -> int:
        return next(self._next)


def tidy(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """``entries`` without separators that lead, trail or follow another, at every level."""
    kept: list[Entry] = []
    for entry in entries:
        if entry is SEPARATOR and (not kept or kept[-1] is SEPARATOR):
            continue
        if entry.children:
            entry = replace(entry, children=tidy(entry.children))
        kept.append(entry)
    while kept and kept[-1] is SEPARATOR:
        kept.pop()
    return tuple(kept)


def build_layout(
    entries: tuple[Entry, ...],
    ids: Ids,
    previous: Layout | None = None,
    style: LabelStyle = "dbusmenu",
) -> Layout:
    """The layout of ``entries`` (:func:`tidy` first), reusing ``previous``'s ids where hosts can
    follow them."""
    before = previous or Layout()
    props: dict[int, Props] = {ROOT_ID: _root_props()}
    actions: dict[int, Action] = {}
    kinds: dict[int, str] = {}

    def walk(items: tuple[Entry, ...], old: tuple[Node, ...] | None) -> tuple[Node, ...]:
        nodes: list[Node] = []
        keep = old is not None
        for index, entry in enumerate(items):
            kind = kind_of(entry)
            here = old[index] if old is not None and keep and index < len(old) else None
            if here is not None and before.kinds.get(here[0]) == kind:
                item_id, children = here
            else:
                keep = False  # every later sibling is new: no host has to move an item
                item_id, children = ids.fresh(), None
            props[item_id] = props_of(entry, style)
            kinds[item_id] = kind
            if entry.action is not None and entry.enabled:
                actions[item_id] = entry.action
            nodes.append((item_id, walk(entry.children, children)))
        return tuple(nodes)

    return Layout((ROOT_ID, walk(tidy(entries), before.root[1])), props, actions, kinds)


@dataclass(frozen=True)
class Change:
    """What to tell hosts: properties of items they keep, and the kept items (0: the root)
    whose children changed."""

    updated: tuple[tuple[int, Props], ...] = ()
    removed: tuple[tuple[int, tuple[str, ...]], ...] = ()
    parents: tuple[int, ...] = ()

    @property
    def layout(self) -> bool:
        return bool(self.parents)

    @property
    def empty(self) -> bool:
        return not (self.parents or self.updated or self.removed)


def diff(old: Layout, new: Layout) -> Change:
    updated: list[tuple[int, Props]] = []
    removed: list[tuple[int, tuple[str, ...]]] = []
    for item_id, props in new.props.items():
        if item_id not in old.props:
            continue  # a new item: hosts read all of it with the new layout
        was = old.props[item_id]
        changed = {k: v for k, v in props.items() if was.get(k) != v}
        if changed:
            updated.append((item_id, changed))
        gone = tuple(k for k in was if k not in props)
        if gone:
            removed.append((item_id, gone))
    before, after = old.nodes(), new.nodes()
    parents = tuple(
        item_id
        for item_id, (_, children) in sorted(after.items())
        if item_id in before and _ids(children) != _ids(before[item_id][1])
    )
    return Change(tuple(updated), tuple(removed), parents)


def _ids(nodes: tuple[Node, ...]) -> list[int]:
    return [node[0] for node in nodes]
