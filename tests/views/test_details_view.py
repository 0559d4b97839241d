"""The details window's view: what it shows, sanitised, and its JSON form read strictly."""

from __future__ import annotations

import contextlib
import json
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.views.history_sample import history
from tests.views.sample import NOW, SNAPSHOT, provider
from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import Component, State
from trayapp.core.since import Since, Track
from trayapp.views import details_json
from trayapp.views.details_view import DetailsView, build


def view(**kw):
    histories = {"openai": history("openai", "ChatGPT", NOW, [(0, 47, State.MAJOR_OUTAGE, None)])}
    tracks = {"openai": Track(Since(State.MAJOR_OUTAGE, NOW - timedelta(minutes=47), True))}
    return build(SNAPSHOT, histories, tracks, **kw)


def test_each_provider_with_its_state_since_incidents_and_links():
    shown = view(muted=frozenset({"anthropic"}))
    openai, claude, gemini = shown.providers
    assert (openai.state, openai.since, openai.since_exact) == (
        State.MAJOR_OUTAGE,
        NOW - timedelta(minutes=47),
        True,
    )
    assert claude.since is None  # nothing tracked: no "since" rather than a wrong one
    assert claude.muted and not openai.muted
    assert gemini.state is State.UNKNOWN and gemini.error == "status.cloud.google.com timed out"
    assert openai.status_page == "https://status.openai.example"
    assert [a.name for a in openai.alternatives] == ["Claude"]  # up now, to use instead
    assert claude.alternatives == ()  # operational: no alternative offered
    assert [link.name for link in shown.up_now] == ["Claude"]


def test_page_text_is_plain_and_links_only_http():
    openai = view().providers[0]
    first, bad = openai.incidents
    assert "<" not in first.title and first.title.endswith("Elevated errors")
    assert first.url == "https://status.openai.example/i/1"
    assert bad.url is None  # javascript: is never a link


def test_watched_components_with_a_problem_come_first():
    p = provider(
        "x",
        "X",
        State.PARTIAL_OUTAGE,
        components=(
            Component("Fine", State.OPERATIONAL),
            Component("<b>Broken</b>", State.PARTIAL_OUTAGE),
            Component("Blind", State.UNKNOWN),
        ),
    )
    card = build(build_snapshot([p], NOW), {}, {}).providers[0]
    assert [c.name for c in card.components] == ["Broken", "Blind", "Fine"]


def test_uptime_bars_of_7_and_90_days_from_history():
    openai = view().providers[0]
    short, long = openai.uptime
    assert (short.days, len(short.cells), long.days, len(long.cells)) == (7, 7, 90, 90)
    assert short.cells[-1] is State.MAJOR_OUTAGE and long.cells[-1] is State.MAJOR_OUTAGE
    assert short.uptime is not None and short.uptime < 100
    assert openai.outages == 1
    assert view().providers[1].uptime == ()  # no history: no bar rather than an empty one


def test_before_the_first_poll_and_when_paused():
    until = NOW + timedelta(hours=1)
    empty = build(None, {}, {}, paused_until=until, problem="Status checks stopped\n(x)")
    assert empty.overall is None and empty.providers == ()
    assert empty.paused_until == until and empty.problem == "Status checks stopped (x)"


def test_json_round_trip_keeps_everything():
    shown = view(muted=frozenset({"anthropic"}), paused_until=NOW + timedelta(hours=1))
    assert details_json.loads(details_json.dumps(shown)) == shown
    assert details_json.loads(details_json.dumps(DetailsView(None))) == DetailsView(None)


def _doc(**changes):
    data = json.loads(details_json.dumps(view()))
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[]", "expected an object"),
        (_doc(version=2), "unknown version"),
        (_doc(overall="on fire"), "unknown state"),
        (_doc(checked_at="2026-11-20T14:00:00"), "without a UTC offset"),
        (_doc(notifications="yes"), "wrong type"),
        (_doc(providers=[{}] * 501), "more than 500"),
        (_doc(up_now=[{"name": "x", "url": "javascript:alert(1)"}]), "not an http(s) link"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("x" * (4 * 1024 * 1024 + 1), "larger than"),
    ],
)
def test_reading_refuses_what_the_tray_would_never_send(text: str, problem: str):
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        details_json.loads(text)


def test_reading_cleans_text_again():
    data = json.loads(details_json.dumps(view()))
    data["providers"][0]["name"] = "Chat\u202eGPT\x00"
    data["providers"][0]["status_page"] = "file:///etc/passwd"
    card = details_json.loads(json.dumps(data)).providers[0]
    assert card.name == "Chat GPT" and card.status_page is None


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=30,
    )
)
def test_any_json_is_read_or_refused_with_a_value_error(value: object):
    with contextlib.suppress(ValueError):  # anything else (a TypeError, a crash) fails
        details_json.loads(json.dumps(value))
