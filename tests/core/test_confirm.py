"""Quick confirmation: who is asked again, when, and never more than once per change."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from trayapp.core.aggregate import build_snapshot
from trayapp.core.confirm import due_confirmations
from trayapp.core.model import ProbeReading, ProviderStatus, Snapshot, State

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
NEXT = NOW + timedelta(seconds=60)
S = State


def snap(**states: State | tuple[State, bool]) -> Snapshot:
    providers = []
    for pid, value in states.items():
        state, probe_ok = value if isinstance(value, tuple) else (value, None)
        probe = (
            ProbeReading("https://api.example/v1", ok=probe_ok) if probe_ok is not None else None
        )
        providers.append(ProviderStatus(pid, pid.title(), state, NOW, "https://s", probe=probe))
    return build_snapshot(providers, NOW)


def test_a_changed_provider_is_asked_again_after_about_15_s():
    before = snap(a=S.OPERATIONAL, b=S.OPERATIONAL)
    after = snap(a=S.MAJOR_OUTAGE, b=S.OPERATIONAL)
    assert due_confirmations(before, after, NOW, NEXT, jitter=0.5) == {
        "a": NOW + timedelta(seconds=15)
    }
    early = due_confirmations(before, after, NOW, NEXT, jitter=0.0)["a"]
    late = due_confirmations(before, after, NOW, NEXT, jitter=1.0)["a"]
    assert (early, late) == (NOW + timedelta(seconds=12), NOW + timedelta(seconds=18))
    # recoveries too
    assert set(due_confirmations(after, before, NOW, NEXT)) == {"a"}


def test_a_probe_that_flips_is_asked_again():
    before = snap(a=(S.OPERATIONAL, True))
    after = snap(a=(S.OPERATIONAL, False))
    assert set(due_confirmations(before, after, NOW, NEXT)) == {"a"}
    assert due_confirmations(after, after, NOW, NEXT) == {}


def test_never_more_than_once_per_change():
    before = snap(a=S.OPERATIONAL)
    after = snap(a=S.MAJOR_OUTAGE)
    # The confirmation itself saw the page flip back: no chain of quick polls.
    assert due_confirmations(after, before, NOW, NEXT, confirming={"a"}) == {}
    # A snapshot where only "b" was asked says nothing new about "a".
    partial = replace(after, observed=frozenset({"b"}))
    assert due_confirmations(before, partial, NOW, NEXT) == {}


def test_nothing_at_start_and_nothing_for_unknown():
    assert due_confirmations(None, snap(a=S.MAJOR_OUTAGE), NOW, NEXT) == {}
    assert due_confirmations(snap(a=S.OPERATIONAL), snap(a=S.UNKNOWN), NOW, NEXT) == {}
    assert set(due_confirmations(snap(a=S.UNKNOWN), snap(a=S.MAJOR_OUTAGE), NOW, NEXT)) == {"a"}


def test_retry_after_and_backoff_are_respected():
    before, after = snap(a=S.OPERATIONAL), snap(a=S.MAJOR_OUTAGE)
    waits = {"a": NOW + timedelta(seconds=30)}
    assert due_confirmations(before, after, NOW, NEXT, not_before=waits) == {"a": waits["a"]}
    # When the server's wait reaches the next regular poll, that poll does the job.
    waits = {"a": NOW + timedelta(seconds=58)}
    assert due_confirmations(before, after, NOW, NEXT, not_before=waits) == {}
    # A short interval (loopback tests) scales the delay down to a quarter of it.
    short = due_confirmations(before, after, NOW, NOW + timedelta(seconds=8))
    assert short == {"a": NOW + timedelta(seconds=2)}
