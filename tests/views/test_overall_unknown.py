"""Unknown is never green: the overall, as every view says it, when providers cannot be read."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.views.sample import NOW, provider
from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import FailureKind, Snapshot, State
from trayapp.settings.language import apply
from trayapp.views import details, details_text, details_view, menu_model, report, summary


def offline_but_one(state: State = State.OPERATIONAL) -> Snapshot:
    """The trial's case: the default four providers unreachable, one loopback page answering."""
    unreachable = [
        provider(pid, pid.title(), State.UNKNOWN, failure=FailureKind.NETWORK, error="timed out")
        for pid in ("openai", "anthropic", "gemini", "copilot")
    ]
    return build_snapshot([provider("acme", "Acme", state), *unreachable], NOW)


@pytest.fixture
def indonesian() -> Iterator[None]:
    apply("id")
    yield
    apply("en")


def test_one_page_read_and_four_unknown_is_unknown_in_every_view():
    snapshot = offline_but_one()
    assert snapshot.overall is State.UNKNOWN
    said = "Unknown (4 of 5 could not be read)"
    assert summary.header(snapshot, NOW).startswith(said + " — checked")
    assert menu_model.build(snapshot, menu_model.MenuState(), NOW)[1].text.startswith(said)
    # The tooltip ranks as the overall does: what could not be read before what is green.
    assert summary.tooltip(snapshot).startswith("Openai: unknown · Anthropic: unknown · ")
    assert summary.tooltip(snapshot).endswith(" · Acme: operational")
    view = details_view.build(snapshot, {}, {})
    assert view.overall is State.UNKNOWN  # the window's badge and colour come from it
    assert details_text.headline(view) == said
    assert (
        report.table(snapshot, NOW)
        .splitlines()[0]
        .startswith("Overall: ? unknown (4 of 5 could not be read)")
    )
    assert report.exit_code(snapshot) == 3
    page = details.render(snapshot, NOW)
    assert '<span class="badge s-unknown">? unknown</span> (4 of 5 could not be read)' in page
    assert 's-operational">✔ operational</span> (' not in page
    document = report.to_json(snapshot)
    assert (document["overall"], document["unknown"], document["worst_known"]) == (
        "unknown",
        4,
        "operational",
    )


def test_a_known_problem_leads_and_says_how_much_is_unknown():
    snapshot = offline_but_one(State.MAJOR_OUTAGE)
    assert snapshot.overall is State.MAJOR_OUTAGE
    assert summary.header(snapshot, NOW).startswith("Major outage (4 of 5 unknown) — checked")
    assert details_text.headline(details_view.build(snapshot, {}, {})) == (
        "Major outage (4 of 5 unknown)"
    )
    assert report.exit_code(snapshot) == 2
    assert report.to_json(snapshot)["worst_known"] == "major_outage"


def test_all_known_and_nothing_read_say_no_count():
    healthy = build_snapshot([provider("acme", "Acme", State.OPERATIONAL)], NOW)
    assert summary.overall_words(healthy.overall, 0, 1) == "operational"
    assert report.to_json(healthy)["worst_known"] == "operational"
    offline = build_snapshot(offline_but_one().providers[1:], NOW)
    assert offline.overall is State.OFFLINE
    assert report.to_json(offline)["worst_known"] is None
    assert summary.header(offline, NOW).startswith("Offline — no status page reachable")


def test_in_indonesian(indonesian: None):
    snapshot = offline_but_one()
    assert details_text.headline(details_view.build(snapshot, {}, {})) == (
        "Tidak diketahui (4 dari 5 tidak dapat dibaca)"
    )
    snapshot = offline_but_one(State.MAJOR_OUTAGE)
    assert summary.header(snapshot, NOW).startswith("Gangguan besar (4 dari 5 tidak diketahui)")
