"""The dbusmenu layout: stable ids, in-place property changes, a new layout only for a new tree."""

from __future__ import annotations

from dataclasses import replace

from tests.views.sample import NOW, SNAPSHOT
from trayapp.desktop.menu_layout import IdTable, build_layout, diff, props_of
from trayapp.views.menu_model import SEPARATOR, Action, Entry, MenuState, build


def test_the_same_menu_again_changes_nothing():
    ids = IdTable()
    menu = build(SNAPSHOT, MenuState(), NOW)
    assert diff(build_layout(menu, ids), build_layout(menu, ids)).empty


def test_a_new_label_is_a_property_change_in_place_not_a_new_layout():
    ids = IdTable()
    menu = (Entry("checked 14:05", enabled=False), SEPARATOR, Entry("Quit", Action("quit")))
    later = (replace(menu[0], text="checked 14:06"), *menu[1:])
    old, new = build_layout(menu, ids), build_layout(later, ids)
    change = diff(old, new)
    assert not change.layout
    assert change.updated == ((old.root[1][0][0], {"label": "checked 14:06"}),)
    assert old.root == new.root  # same ids: the host keeps its items (and an open menu)


def test_a_toggle_and_an_enabled_flag_change_in_place():
    ids = IdTable()
    on = (Entry("Mute", Action("toggle_mute", "x"), checked=True), Entry("Resume", enabled=False))
    off = (replace(on[0], checked=False), replace(on[1], enabled=True))
    change = diff(build_layout(on, ids), build_layout(off, ids))
    assert not change.layout
    assert sorted(p for _, props in change.updated for p in props.items()) == [
        ("enabled", True),
        ("toggle-state", 0),
    ]


def test_a_new_item_or_a_different_kind_of_item_is_a_new_layout():
    ids = IdTable()
    base = (Entry("A"), Entry("B"))
    assert diff(build_layout(base, ids), build_layout((*base, Entry("C")), ids)).layout
    assert diff(build_layout(base, ids), build_layout((Entry("A"), SEPARATOR), ids)).layout
    submenu = (Entry("A"), Entry("B", children=(Entry("x"),)))
    assert diff(build_layout(base, ids), build_layout(submenu, ids)).layout


def test_properties_as_hosts_read_them():
    assert props_of(SEPARATOR) == {"type": "separator"}
    assert props_of(Entry("Use my_model", enabled=False)) == {
        "label": "Use my__model",  # a single underscore would be eaten as a mnemonic
        "enabled": False,
    }
    assert props_of(Entry("Mute", checked=False)) == {
        "label": "Mute",
        "enabled": True,
        "toggle-type": "checkmark",
        "toggle-state": 0,
    }
    assert props_of(Entry("Pause", children=(Entry("1h"),)))["children-display"] == "submenu"


def test_only_enabled_entries_with_an_action_can_be_clicked():
    layout = build_layout(
        (Entry("Open", Action("details")), Entry("Gone", Action("open_url", "x"), enabled=False)),
        IdTable(),
    )
    assert list(layout.actions.values()) == [Action("details")]
