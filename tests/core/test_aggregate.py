from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import NOW, make_spec
from trayapp.core.aggregate import (
    build_snapshot,
    failed_status,
    overall_state,
    provider_status,
    usable_alternatives,
    worst,
)
from trayapp.core.model import (
    Component,
    FailureKind,
    Incident,
    ProviderSpec,
    ProviderStatus,
    Reading,
    State,
)

S = State
KNOWN = [S.OPERATIONAL, S.MAINTENANCE, S.DEGRADED, S.PARTIAL_OUTAGE, S.MAJOR_OUTAGE]


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ([], S.UNKNOWN),
        ([S.OPERATIONAL], S.OPERATIONAL),
        ([S.OPERATIONAL, S.MAINTENANCE], S.MAINTENANCE),
        ([S.DEGRADED, S.MAJOR_OUTAGE, S.OPERATIONAL], S.MAJOR_OUTAGE),
        ([S.OPERATIONAL, S.UNKNOWN], S.UNKNOWN),
        ([S.MAINTENANCE, S.UNKNOWN], S.UNKNOWN),
        ([S.DEGRADED, S.UNKNOWN], S.DEGRADED),
        ([S.UNKNOWN], S.UNKNOWN),
    ],
)
def test_worst(states, expected):
    assert worst(states) is expected


@given(st.lists(st.sampled_from(list(State)), min_size=1))
def test_worst_is_never_operational_when_anything_is_unknown(states):
    result = worst(states)
    if any(not s.is_known for s in states):
        assert result not in (S.OPERATIONAL, S.MAINTENANCE)
    if all(s.is_known for s in states):
        assert result is max(states, key=lambda s: s.severity)


@given(st.lists(st.sampled_from(KNOWN), min_size=1), st.sampled_from(KNOWN))
def test_worst_is_monotonic(states, extra):
    assert worst([*states, extra]).severity >= worst(states).severity


@pytest.mark.parametrize(
    ("watched", "name", "group", "expected"),
    [
        ("Claude API", "Claude API (api.anthropic.com)", None, True),
        ("claude api", "Claude API (api.anthropic.com)", None, True),
        ("APIs", "Chat Completions", "APIs", True),
        ("API", "Claude API (api.anthropic.com)", None, False),
        ("Copilot", "Copilot", None, True),
        ("Sora", "Video generation", "Sora", True),
    ],
)
def test_a_watched_name_matches_the_name_its_stem_or_its_group(watched, name, group, expected):
    spec = ProviderSpec(
        id="p", name="P", type="statuspage", url="https://p.example", components=(watched,)
    )
    reading = Reading(indicator=S.OPERATIONAL, components=(Component(name, S.MAJOR_OUTAGE, group),))
    # Matched, the component's outage is the provider's; unmatched, it is not watched at all.
    assert (provider_status(spec, reading, NOW).state is S.MAJOR_OUTAGE) is expected


def _status(pid, state, chat=True, failure=None, incidents=()):
    return ProviderStatus(
        id=pid,
        name=pid.title(),
        state=state,
        checked_at=NOW,
        status_page=f"https://{pid}.example",
        chat_url=f"https://chat.{pid}.example" if chat else None,
        failure=failure,
        incidents=incidents,
    )


@pytest.mark.parametrize(
    ("states", "failures", "expected"),
    [
        ([S.OPERATIONAL, S.DEGRADED], [None, None], S.DEGRADED),
        # Unknown is never green: one unreadable page, nothing known is wrong -> unknown.
        ([S.OPERATIONAL, S.UNKNOWN], [None, FailureKind.HTTP], S.UNKNOWN),
        ([S.MAINTENANCE, S.UNKNOWN], [None, FailureKind.HTTP], S.UNKNOWN),
        # The default config offline plus one loopback page that answers (the trial's case).
        ([S.OPERATIONAL] + [S.UNKNOWN] * 4, [None] + [FailureKind.NETWORK] * 4, S.UNKNOWN),
        # A known problem is news even while others are unknown.
        ([S.DEGRADED, S.UNKNOWN], [None, FailureKind.HTTP], S.DEGRADED),
        (
            [S.OPERATIONAL, S.MAJOR_OUTAGE, S.UNKNOWN],
            [None, None, FailureKind.NETWORK],
            S.MAJOR_OUTAGE,
        ),
        ([S.UNKNOWN, S.UNKNOWN], [FailureKind.NETWORK, FailureKind.NETWORK], S.OFFLINE),
        ([S.UNKNOWN, S.UNKNOWN], [FailureKind.NETWORK, FailureKind.CONTENT], S.UNKNOWN),
        ([], [], S.UNKNOWN),
    ],
)
def test_overall_state(states, failures, expected):
    providers = [
        _status(f"p{i}", s, failure=f)
        for i, (s, f) in enumerate(zip(states, failures, strict=True))
    ]
    assert overall_state(providers) is expected


def test_alternatives_are_operational_providers_with_a_chat_url_best_first():
    busy = Incident("Minor thing", S.OPERATIONAL, "monitoring")
    providers = [
        _status("openai", S.MAJOR_OUTAGE),
        _status("anthropic", S.OPERATIONAL, incidents=(busy,)),
        _status("gemini", S.OPERATIONAL),
        _status("copilot", S.DEGRADED),
        _status("groq", S.OPERATIONAL, chat=False),
        _status("mistral", S.UNKNOWN),
    ]
    snap = build_snapshot(providers, NOW)
    openai = snap.provider("openai")
    assert openai is not None
    assert [a.id for a in openai.alternatives] == ["gemini", "anthropic"]
    copilot, gemini = snap.provider("copilot"), snap.provider("gemini")
    assert copilot is not None and gemini is not None
    assert [a.id for a in copilot.alternatives] == ["gemini", "anthropic"]
    assert gemini.alternatives == ()
    assert [a.id for a in usable_alternatives(snap)] == ["gemini", "anthropic"]


def test_failed_poll_keeps_recent_data_then_turns_unknown():
    spec = make_spec("statuspage")
    good = provider_status(spec, Reading(indicator=S.DEGRADED), NOW)

    def failed_after(delay: timedelta):
        return failed_status(
            spec, "timed out", FailureKind.NETWORK, NOW + delay, good, timedelta(minutes=3)
        )

    soon = failed_after(timedelta(seconds=90))
    assert soon.state is S.DEGRADED
    assert soon.error == "timed out"
    assert soon.data_as_of == NOW
    late = failed_after(timedelta(minutes=4))
    assert late.state is S.UNKNOWN
    assert late.error == "timed out"


def test_a_page_that_says_nothing_is_not_all_clear():
    spec = make_spec("statuspage")
    assert provider_status(spec, Reading(indicator=None), NOW).state is S.UNKNOWN


def test_incident_not_tied_to_components_counts_even_when_scoped():
    spec = make_spec("statuspage", components=("API",))
    reading = Reading(
        indicator=S.OPERATIONAL,
        components=(Component("API", S.OPERATIONAL), Component("Web", S.OPERATIONAL)),
        incidents=(
            Incident("Everything slow", S.DEGRADED, "investigating"),
            Incident("Web down", S.MAJOR_OUTAGE, "identified", components=("Web",)),
        ),
    )
    status = provider_status(spec, reading, NOW)
    assert status.state is S.DEGRADED
    assert [i.title for i in status.incidents] == ["Everything slow"]
