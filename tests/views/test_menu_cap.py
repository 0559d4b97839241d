"""A provider's submenu stays short: at most 50 entries, every line counted, and one
"…and N more (Show details…)" entry that opens the details at that provider."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import NOW, make_spec
from trayapp.core.aggregate import build_snapshot, provider_status
from trayapp.sources import statuspage
from trayapp.views.menu_cap import MAX_ENTRIES, Group, fit
from trayapp.views.menu_model import Action, Entry, MenuState, build


def page(incidents: int, maintenances: int) -> dict[str, Any]:
    started = (NOW - timedelta(hours=1)).isoformat()
    return {
        "page": {"id": "pg1", "name": "Busy"},
        "status": {"indicator": "major"},
        "components": [
            {"id": f"c{i}", "name": f"Component {i}", "status": "partial_outage"} for i in range(3)
        ],
        "incidents": [
            {
                "id": f"i{i}",
                "name": f"Incident {i}",
                "status": "investigating",
                "impact": "major",
                "started_at": started,
                "shortlink": f"https://stspg.io/i{i}",
                "incident_updates": [{"body": f"Update on incident {i}", "created_at": started}],
            }
            for i in range(incidents)
        ],
        "scheduled_maintenances": [
            {
                "id": f"m{i}",
                "name": f"Maintenance {i}",
                "status": "scheduled",
                "scheduled_for": (NOW + timedelta(days=1)).isoformat(),
                "scheduled_until": (NOW + timedelta(days=1, hours=2)).isoformat(),
            }
            for i in range(maintenances)
        ],
    }


def submenu(incidents: int, maintenances: int) -> tuple[Entry, ...]:
    spec = make_spec("statuspage", id="busy", name="Busy")
    status = provider_status(
        spec, statuspage.parse_summary(page(incidents, maintenances), spec.url), NOW
    )
    entries = build(build_snapshot([status], NOW), MenuState(), NOW)
    (busy,) = (e for e in entries if e.text.startswith("◆ Busy"))
    return busy.children


def test_twenty_incidents_and_ten_maintenances_fit_in_fifty_entries():
    children = submenu(20, 10)  # 57 entries before: each incident is two lines
    assert len(children) == MAX_ENTRIES
    texts = [c.text for c in children]
    assert texts[:3] == [f"◆ Component {i}: partial outage" for i in range(3)]
    assert sum(t.startswith("Incident ") for t in texts) == 20  # every incident kept whole
    assert sum(t.startswith("    Update on incident") for t in texts) == 20
    assert sum(t.startswith("⚙ Maintenance") for t in texts) == 2
    (more,) = (c for c in children if c.text.startswith("…and "))
    assert more.text == "…and 8 more (Show details…)"
    assert more.action == Action("details", "busy") and more.enabled
    assert texts[-2:] == ["Open status page", "Mute notifications"]


def test_what_the_core_left_out_is_counted_in_the_same_entry():
    children = submenu(30, 12)  # the core keeps 20 incidents and 10 maintenances
    assert len(children) == MAX_ENTRIES
    more = [c.text for c in children if c.text.startswith("…and ")]
    assert more == ["…and 20 more (Show details…)"]  # 10 + 2 from the core, 8 by the menu


def test_a_short_submenu_is_left_as_it_is():
    children = submenu(2, 1)
    assert not any(c.text.startswith("…and ") for c in children)
    assert len(children) == 3 + 1 + 4 + 1 + 3


@given(
    head=st.integers(0, 16),
    groups=st.lists(st.integers(1, 3), max_size=80),
    tail=st.integers(3, 20),
    already=st.integers(0, 5),
)
def test_fit_never_passes_the_limit_and_counts_what_it_drops(head, groups, tail, already):
    def lines(prefix: str, count: int) -> tuple[str, ...]:
        return tuple(f"{prefix}{i}" for i in range(count))

    body = [Group(lines(f"g{n}.", size)) for n, size in enumerate(groups)]
    shown = fit(lines("h", head), body, lines("t", tail), already, lambda n: f"more {n}")
    assert len(shown) <= MAX_ENTRIES
    kept = {line.split(".")[0] for line in shown if line.startswith("g")}
    more = [line for line in shown if line.startswith("more")]
    dropped = len(groups) - len(kept)
    if dropped or already:
        assert more == [f"more {dropped + already}"]
    else:
        assert more == [] and len(shown) == head + sum(groups) + tail


def test_the_more_entry_opens_the_details():
    """The window where one can open; the page, at that provider, where none can (a demo)."""
    from tests.desktop.test_controller import make, snapshot, status
    from trayapp.core.model import State

    controller, desktop, clock = make()
    controller.on_snapshot(snapshot(status(State.MAJOR_OUTAGE), at=clock.now), True)
    controller.on_action(Action("details", "claude"))
    assert desktop.named("show_window") == ["details"]
    controller._windows = False
    controller.on_action(Action("details", "claude"))
    ((page, fragment),) = [args for name, args in desktop.calls if name == "open_page"]
    assert fragment == "p-claude" and 'id="p-claude"' in page
