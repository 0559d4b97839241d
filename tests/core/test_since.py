"""Since when a provider is in its state: changes seen, first sights, unknown spells, history."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from trayapp.core.aggregate import build_snapshot
from trayapp.core.history import Outage, ProviderHistory
from trayapp.core.model import ProviderStatus, Snapshot, State
from trayapp.core.since import Since, Track, advance, seed

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def snap(minutes: int, **states: State) -> Snapshot:
    return build_snapshot(
        [
            ProviderStatus(pid, pid.title(), state, at(minutes), f"https://status.{pid}.example")
            for pid, state in states.items()
        ],
        at(minutes),
    )


def past(*outages: Outage) -> ProviderHistory:
    return ProviderHistory("claude", "Claude", {}, (), tuple(reversed(outages)))


def run(*snapshots: Snapshot, history: dict[str, ProviderHistory] | None = None) -> Track:
    tracks: dict[str, Track] = {}
    for s in snapshots:
        tracks = advance(tracks, s, history or {})
    return tracks["claude"]


def test_a_change_seen_by_a_poll_is_exact():
    track = run(snap(0, claude=State.OPERATIONAL), snap(1, claude=State.MAJOR_OUTAGE))
    assert track.current == Since(State.MAJOR_OUTAGE, at(1), exact=True)


def test_the_first_sight_is_only_since_at_least():
    track = run(snap(0, claude=State.MAJOR_OUTAGE), snap(1, claude=State.MAJOR_OUTAGE))
    assert track.current == Since(State.MAJOR_OUTAGE, at(0), exact=False)


def test_not_checked_yet_then_known_is_a_first_sight_not_a_change():
    track = run(snap(0, claude=State.UNKNOWN), snap(1, claude=State.OPERATIONAL))
    assert track.current == Since(State.OPERATIONAL, at(1), exact=False)


def test_an_unknown_spell_keeps_the_start_of_the_state_it_interrupted():
    track = run(
        snap(0, claude=State.OPERATIONAL),
        snap(1, claude=State.MAJOR_OUTAGE),
        snap(2, claude=State.UNKNOWN),
        snap(3, claude=State.MAJOR_OUTAGE),
    )
    assert track.current == Since(State.MAJOR_OUTAGE, at(1), exact=True)
    unknown = run(snap(0, claude=State.OPERATIONAL), snap(2, claude=State.UNKNOWN))
    assert unknown.current == Since(State.UNKNOWN, at(2), exact=True)


def test_after_an_unknown_spell_another_state_starts_when_seen():
    track = run(
        snap(0, claude=State.MAJOR_OUTAGE),
        snap(1, claude=State.UNKNOWN),
        snap(2, claude=State.OPERATIONAL),
    )
    assert track.current == Since(State.OPERATIONAL, at(2), exact=True)


def test_history_knows_when_an_outage_ended_and_since_when_one_lasts():
    ended = past(Outage(State.MAJOR_OUTAGE, at(-120), at(-60)))
    track = run(snap(0, claude=State.OPERATIONAL), history={"claude": ended})
    assert track.current == Since(State.OPERATIONAL, at(-60), exact=True)
    ongoing = past(Outage(State.MAJOR_OUTAGE, at(-30), None))
    track = run(snap(0, claude=State.MAJOR_OUTAGE), history={"claude": ongoing})
    assert track.current == Since(State.MAJOR_OUTAGE, at(-30), exact=False)  # seen, not begun


def test_history_read_after_the_first_poll_moves_the_start_back_never_forward():
    tracks = advance({}, snap(0, claude=State.OPERATIONAL), {})
    earlier = seed(tracks, {"claude": past(Outage(State.DEGRADED, at(-90), at(-45)))})
    assert earlier["claude"].current == Since(State.OPERATIONAL, at(-45), exact=True)
    later = seed(tracks, {"claude": past(Outage(State.DEGRADED, at(-90), at(5)))})
    assert later["claude"].current == Since(State.OPERATIONAL, at(0), exact=False)


def test_a_quick_look_at_one_provider_leaves_the_others_alone():
    tracks = advance({}, snap(0, claude=State.OPERATIONAL, openai=State.OPERATIONAL), {})
    quick = replace(
        snap(1, claude=State.MAJOR_OUTAGE, openai=State.UNKNOWN), observed=frozenset({"claude"})
    )
    tracks = advance(tracks, quick, {})
    assert tracks["openai"].current.state is State.OPERATIONAL
    assert tracks["claude"].current == Since(State.MAJOR_OUTAGE, at(1), exact=True)


def test_providers_no_longer_watched_are_forgotten():
    tracks = advance({}, snap(0, claude=State.OPERATIONAL, openai=State.OPERATIONAL), {})
    assert set(advance(tracks, snap(1, claude=State.OPERATIONAL), {})) == {"claude"}
