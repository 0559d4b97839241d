"""The dbusmenu layout: ids hosts can follow, in-place property changes, a new layout only for a
new tree, and labels written the way each host reads them."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from tests.views.sample import NOW, SNAPSHOT
from trayapp.desktop.menu_layout import Ids, Layout, build_layout, diff, label, props_of, tidy
from trayapp.views.menu_model import SEPARATOR, Action, Entry, MenuState, build


def test_the_same_menu_again_changes_nothing():
    ids = Ids()
    menu = build(SNAPSHOT, MenuState(), NOW)
    first = build_layout(menu, ids)
    assert diff(first, build_layout(menu, ids, first)).empty


def test_a_new_label_is_a_property_change_in_place_not_a_new_layout():
    ids = Ids()
    menu = (Entry("checked 14:05", enabled=False), SEPARATOR, Entry("Quit", Action("quit")))
    later = (replace(menu[0], text="checked 14:06"), *menu[1:])
    old = build_layout(menu, ids)
    new = build_layout(later, ids, old)
    change = diff(old, new)
    assert not change.layout
    assert change.updated == ((old.root[1][0][0], {"label": "checked 14:06"}),)
    assert old.root == new.root  # same ids: the host keeps its items (and an open menu)


def test_a_toggle_and_an_enabled_flag_change_in_place():
    ids = Ids()
    on = (Entry("Mute", Action("toggle_mute", "x"), checked=True), Entry("Resume", enabled=False))
    off = (replace(on[0], checked=False), replace(on[1], enabled=True))
    old = build_layout(on, ids)
    change = diff(old, build_layout(off, ids, old))
    assert not change.layout
    assert sorted(p for _, props in change.updated for p in props.items()) == [
        ("enabled", True),
        ("toggle-state", 0),
    ]


def test_a_new_item_or_a_different_kind_of_item_is_a_new_layout():
    ids = Ids()
    base = build_layout((Entry("A"), Entry("B")), ids)
    assert diff(base, build_layout((Entry("A"), Entry("B"), Entry("C")), ids, base)).layout
    assert diff(base, build_layout((Entry("A"), SEPARATOR), ids, base)).layout
    submenu = (Entry("A"), Entry("B", children=(Entry("x"),)))
    assert diff(base, build_layout(submenu, ids, base)).layout


def ids_of(layout: Layout) -> list[int]:
    return [node[0] for node in layout.root[1]]


def test_after_the_first_change_among_siblings_every_later_one_is_a_new_item():
    """GNOME's extension never moves an item it shows: an item whose place shifts is new."""
    ids = Ids()
    old = build_layout((Entry("A"), Entry("B"), SEPARATOR, Entry("Quit")), ids)
    new = build_layout((Entry("A"), SEPARATOR, Entry("B"), SEPARATOR, Entry("Quit")), ids, old)
    a, b, sep, quit_ = ids_of(old)
    assert ids_of(new)[0] == a
    assert not set(ids_of(new)[1:]) & {b, sep, quit_}
    change = diff(old, new)
    assert change.layout and change.updated == ()


def test_a_layout_change_also_sends_the_new_properties_of_items_kept():
    """The header's text changes with the same poll that adds providers below it."""
    ids = Ids()
    old = build_layout((Entry("Checking…", enabled=False), SEPARATOR, Entry("Quit")), ids)
    new = build_layout(
        (
            Entry("Operational — checked 06:04", enabled=False),
            SEPARATOR,
            Entry("✔ Claude", children=(Entry("x"),)),
        ),
        ids,
        old,
    )
    change = diff(old, new)
    assert change.layout
    assert change.updated == ((ids_of(old)[0], {"label": "Operational — checked 06:04"}),)


def test_layout_updated_names_each_kept_item_whose_children_changed():
    """dbusmenu-qt re-reads only the level a LayoutUpdated names: a submenu must be named."""
    ids = Ids()
    old = build_layout((Entry("P", children=(Entry("a"), Entry("b"))), Entry("Quit")), ids)
    new = build_layout((Entry("P", children=(Entry("a"),)), Entry("Quit")), ids, old)
    assert diff(old, new).parents == (ids_of(old)[0],)  # the submenu, not the root
    grown = build_layout((Entry("P", children=(Entry("a"),)), Entry("Quit"), Entry("X")), ids, new)
    assert diff(new, grown).parents == (0,)


def test_an_id_is_never_given_twice():
    ids = Ids()
    seen: set[int] = set()
    layout = build_layout((Entry("A"),), ids)
    for menu in [(SEPARATOR,), (Entry("A"),), (Entry("A", children=(Entry("x"),)),), (Entry("A"),)]:
        new = build_layout(menu, ids, layout)
        fresh = set(new.props) - set(layout.props)
        assert not fresh & seen
        seen |= set(layout.props) | fresh
        layout = new


def test_a_submenu_keeps_its_id_while_its_items_change():
    ids = Ids()
    old = build_layout((Entry("P", children=(Entry("a"), Entry("b"))),), ids)
    new = build_layout((Entry("P", children=(Entry("a"), SEPARATOR, Entry("c"))),), ids, old)
    assert ids_of(old) == ids_of(new)
    (_, old_kids), (_, new_kids) = old.root[1][0], new.root[1][0]
    assert old_kids[0][0] == new_kids[0][0]
    assert old_kids[1][0] != new_kids[1][0]


entries = st.recursive(
    st.builds(
        Entry,
        text=st.text(alphabet="ab_ ✔", max_size=6),
        checked=st.none() | st.booleans(),
        enabled=st.booleans(),
    )
    | st.just(SEPARATOR),
    lambda kids: st.builds(
        Entry, text=st.text(alphabet="ab_", max_size=4), children=st.tuples(kids, kids)
    ),
    max_leaves=12,
)
menus = st.lists(entries, max_size=8).map(tuple)


@given(st.lists(menus, min_size=2, max_size=5))
def test_any_sequence_of_menus_keeps_each_kind_s_property_names_and_fresh_ids(
    sequence: list[tuple[Entry, ...]],
) -> None:
    ids = Ids()
    layout = build_layout(sequence[0], ids)
    given_out = set(layout.props)
    for menu in sequence[1:]:
        new = build_layout(menu, ids, layout)
        change = diff(layout, new)
        assert change.removed == ()  # hosts never need to forget a property
        kept = set(new.props) & set(layout.props)
        assert all(layout.kinds[i] == new.kinds[i] for i in kept if i)
        fresh = set(new.props) - set(layout.props)
        assert not fresh & given_out
        given_out |= fresh
        layout = new


def gnome_shows(text: str) -> str:
    return re.sub(r"_([^_])", r"\1", text, count=1)


def spec_shows(text: str) -> str:
    return re.sub(r"_(.)", r"\1", text)


@given(st.text(alphabet="a_b ", max_size=12))
def test_labels_show_their_text_on_each_kind_of_host(text: str) -> None:
    assert spec_shows(label(text)) == text
    assert gnome_shows(label(text, "gnome")) == text


def test_no_separator_leads_trails_or_follows_another():
    """GNOME Shell hides such separators and Qt collapses them: they are not exported."""
    sub = Entry("P", children=(SEPARATOR, Entry("a"), SEPARATOR, SEPARATOR, Entry("b"), SEPARATOR))
    menu = (SEPARATOR, Entry("A"), SEPARATOR, SEPARATOR, sub, SEPARATOR)
    assert tidy(menu) == (
        Entry("A"),
        SEPARATOR,
        Entry("P", children=(Entry("a"), SEPARATOR, Entry("b"))),
    )
    layout = build_layout(menu, Ids())
    assert [layout.kinds[i] for i in ids_of(layout)] == ["item", "separator", "submenu"]


def test_properties_as_hosts_read_them():
    assert props_of(SEPARATOR) == {"type": "separator"}
    assert props_of(Entry("Use my_model", enabled=False)) == {
        "label": "Use my__model",  # a single underscore would be eaten as a mnemonic
        "enabled": False,
    }
    assert props_of(Entry("my_status_page_x"), "gnome")["label"] == "my__status_page_x"
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
        Ids(),
    )
    assert list(layout.actions.values()) == [Action("details")]
