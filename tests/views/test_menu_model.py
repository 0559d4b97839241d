"""The menu as plain data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.views.sample import NOW, SNAPSHOT, provider
from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import State
from trayapp.settings.language import apply
from trayapp.views.menu_model import SEPARATOR, Action, Entry, MenuState, build


def flatten(entries, depth=0):
    for e in entries:
        yield depth, e
        yield from flatten(e.children, depth + 1)


def test_menu_structure():
    entries = build(SNAPSHOT, MenuState(muted=frozenset({"anthropic"})), NOW)
    top = [e.text for e in entries if e is not SEPARATOR]
    assert top[0] == "Show details…"
    assert top[1].startswith("Major outage (1 of 3 unknown) — checked")
    assert top[2:5] == ["✖ ChatGPT — major outage", "✔ Claude — operational", "? Gemini — unknown"]
    assert top[5:] == [
        "Use instead",
        "Refresh now",
        "Pause notifications",
        "Start at login",
        "Settings…",
        "About AI Status Tray",
        "Quit",
    ]
    chatgpt = entries[3]
    texts = [c.text for c in chatgpt.children if c is not SEPARATOR]
    assert texts[0] == "✖ Conversations: major outage"
    assert texts[2].startswith('alert("x") Elevated errors (investigating, since')
    incident = next(c for c in chatgpt.children if "Elevated errors" in c.text)
    assert incident.action == Action("open_url", "https://status.openai.example/i/1")
    bad = next(c for c in chatgpt.children if c.text.startswith("Bad link"))
    assert bad.action is None and not bad.enabled, "a javascript: link is never offered"
    assert [c.text for c in chatgpt.children[-2:]] == ["Open status page", "Mute notifications"]
    claude_mute = entries[4].children[-1]
    assert claude_mute.checked is True and claude_mute.action == Action("toggle_mute", "anthropic")
    gemini = [c.text for c in entries[5].children]
    assert "⚠ status.cloud.google.com timed out" in gemini
    locked = build(SNAPSHOT, MenuState(muted_in_settings=frozenset({"anthropic"})), NOW)[
        4
    ].children[-1]
    assert (locked.text, locked.checked, locked.enabled, locked.action) == (
        "Muted in settings",
        True,
        False,
        None,
    )
    default = [e for _, e in flatten(entries) if e.default]
    assert [e.text for e in default] == ["Show details…"]


def test_use_instead_lists_operational_chat_services_even_when_all_is_well():
    entries = build(SNAPSHOT, MenuState(), NOW)
    use = next(e for e in entries if e.text == "Use instead")
    assert [(c.text, c.action) for c in use.children] == [
        ("Claude", Action("open_url", "https://chat.anthropic.example"))
    ]
    calm = build_snapshot(
        [
            provider("anthropic", "Claude", State.OPERATIONAL),
            provider("gemini", "Gemini", State.OPERATIONAL),
        ],
        NOW,
    )
    use = next(e for e in build(calm, MenuState(), NOW) if e.text == "Use instead")
    assert [c.text for c in use.children] == ["Claude", "Gemini"]


def test_pause_submenu():
    paused = build(SNAPSHOT, MenuState(paused_until=NOW + timedelta(hours=1)), NOW)
    pause = next(e for e in paused if e.text.startswith("Notifications paused until"))
    assert [c.text for c in pause.children] == ["For 1 hour", "Until tomorrow 08:00", "Resume"]
    assert pause.children[2].enabled
    # The end is worked out when the user clicks (see the controller), not when the menu was built.
    assert [c.action for c in pause.children] == [
        Action("pause", "1h"),
        Action("pause", "tomorrow"),
        Action("resume"),
    ]


def test_menu_before_the_first_poll():
    entries = build(None, MenuState(), NOW)
    assert entries[1] == Entry("Checking status pages…", enabled=False)


def test_a_long_incident_title_is_cut_and_its_time_kept():
    from trayapp.core.model import Incident, Maintenance

    started = NOW - timedelta(minutes=47)
    long_title = "Elevated error rates for requests to many models across every region " * 3
    down = provider(
        "anthropic",
        "Claude",
        State.MAJOR_OUTAGE,
        incidents=(Incident(long_title, State.MAJOR_OUTAGE, "investigating", started),),
        maintenances=(
            Maintenance("Database upgrade", "in_progress", NOW, NOW + timedelta(hours=1)),
        ),
    )
    entries = build(build_snapshot([down], NOW), MenuState(), NOW)
    rows = [c.text for c in entries[3].children]
    incident = next(r for r in rows if r.startswith("Elevated"))
    assert len(incident) <= 80
    # The check time of the sample provider is 2 min before NOW: 45 min as of that check.
    assert incident.endswith("… (investigating, since 13:20 UTC (45 min))")
    assert "⚙ Database upgrade (now, until 15:07 UTC)" in rows


@pytest.fixture
def indonesian() -> Iterator[None]:
    apply("id")
    yield
    apply("en")


def test_in_indonesian_every_time_has_its_zone_and_the_incident_line_keeps_its_end(indonesian):
    from trayapp.core.model import Incident, Maintenance

    jakarta = NOW.astimezone(ZoneInfo("Asia/Jakarta"))
    title = "Elevated errors on Acme AI Chat — café and the API for every customer"
    down = provider(
        "acme",
        "Acme AI",
        State.MAJOR_OUTAGE,
        incidents=(Incident(title, State.MAJOR_OUTAGE, "investigating", NOW - timedelta(hours=2)),),
        maintenances=(Maintenance("Upgrade", "scheduled", NOW, NOW + timedelta(hours=1)),),
    )
    state = MenuState(paused_until=NOW + timedelta(hours=1))
    entries = build(build_snapshot([down], NOW - timedelta(minutes=2)), state, jakarta)
    assert entries[1].text == "Gangguan besar — diperiksa 21.05 WIB"
    rows = [c.text for c in entries[3].children]
    incident = next(r for r in rows if r.startswith("Elevated"))
    assert len(incident) <= 80
    # Checked 2 min before NOW: 1 h 58 min as of that check; the status word translated.
    assert incident.endswith("… (sedang diselidiki, sejak 19.07 WIB (1 jam 58 menit))"), incident
    assert "⚙ Upgrade (21.07–22.07 WIB)" in rows
    pause = next(e.text for e in entries if e.text.startswith("Notifikasi dijeda"))
    assert pause == "Notifikasi dijeda sampai 22.07 WIB"


def test_sixteen_components_are_all_listed_rather_than_fifteen_and_one_more():
    from trayapp.core.model import Component
    from trayapp.views.menu_model import MAX_COMPONENTS

    parts = tuple(Component(f"Part {n}", State.OPERATIONAL) for n in range(MAX_COMPONENTS + 1))
    entries = build(
        build_snapshot([provider("a", "A", State.OPERATIONAL, components=parts)], NOW),
        MenuState(),
        NOW,
    )
    rows = [c.text for c in entries[3].children]
    assert f"✔ Part {MAX_COMPONENTS}: operational" in rows
    assert not any(r.startswith("…and") for r in rows)


def test_every_state_has_its_own_glyph():
    from trayapp.views.summary import SYMBOLS

    assert len(set(SYMBOLS.values())) == len(SYMBOLS) == len(State)


def test_an_incident_on_components_not_watched_is_mentioned_not_counted():
    from tests.conftest import NOW as FIXTURE_NOW
    from tests.conftest import load_fixture, make_spec
    from trayapp import sources
    from trayapp.core.aggregate import provider_status

    spec = make_spec("statuspage", "https://status.claude.com", components=("claude.ai",))
    reading = sources.read(spec, [load_fixture("statuspage/out_of_scope.json")], FIXTURE_NOW)
    status = provider_status(spec, reading, FIXTURE_NOW)
    assert status.state is State.OPERATIONAL and status.other_incidents == 1
    entries = build(build_snapshot([status], FIXTURE_NOW), MenuState(), FIXTURE_NOW)
    row = next(c for c in entries[3].children if "other components" in c.text)
    assert row.text == "ⓘ 1 incident on other components"
    assert row.action == Action("open_url", "https://status.claude.com")
