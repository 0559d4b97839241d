"""A provider's notes (a detected move, a missing document) reach every view."""

from __future__ import annotations

from tests.views.sample import NOW, provider
from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import State
from trayapp.views import details
from trayapp.views.menu_model import MenuState, build
from trayapp.views.report import table, to_json

MOVED = "Mistral's status page moved to Checkly; reading it there"
SNAPSHOT = build_snapshot(
    [provider("mistral", "Mistral", State.DEGRADED, notes=(MOVED,), source_type="checkly")], NOW
)


def test_the_menu_shows_the_note_under_the_provider():
    mistral = next(e for e in build(SNAPSHOT, MenuState(), NOW) if "Mistral" in e.text)
    assert f"ℹ {MOVED}" in [c.text for c in mistral.children]


def test_the_details_page_shows_the_note_escaped():
    page = details.render(SNAPSHOT, NOW)
    assert '<p class="note">Mistral&#x27;s status page moved to Checkly; reading it there</p>' in (
        page
    )


def test_the_terminal_table_and_json_show_the_note_and_the_type():
    assert MOVED in table(SNAPSHOT, NOW)
    provider_json = to_json(SNAPSHOT)["providers"][0]
    assert provider_json["notes"] == [MOVED]
    assert provider_json["type"] == "checkly"


def test_a_note_already_in_the_error_line_is_said_once():
    missing = "not on the page: Console"
    status = provider(
        "claude", "Claude", State.UNKNOWN, error=missing, notes=(missing,), source_type="statuspage"
    )
    snapshot = build_snapshot([status], NOW)
    claude = next(e for e in build(snapshot, MenuState(), NOW) if "Claude" in e.text)
    assert sum(missing in c.text for c in claude.children) == 1
    assert table(snapshot, NOW).count(missing) == 1
    assert details.render(snapshot, NOW).count(missing) == 1
    assert to_json(snapshot)["providers"][0]["notes"] == [missing]  # scripts still get it
