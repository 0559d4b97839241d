"""Since when each provider has been in the state it is in: "major outage since 14:05 WIB".

Pure: advanced by each snapshot, seeded from the recorded history. A glimpse of "unknown" (a
page that did not answer once) does not restart the clock of the state it interrupted: when the
same known state comes back, so does its start. A start is *exact* when a poll saw the change
(or the history recorded the end of an outage); otherwise it is the earliest time known to have
been in that state ("since at least").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.history import ProviderHistory
from trayapp.core.model import Snapshot, State


@dataclass(frozen=True)
class Since:
    state: State
    at: datetime
    exact: bool  # False: the state was already there when first seen


@dataclass(frozen=True)
class Track:
    current: Since
    last_known: Since | None = None  # the known state an unknown spell interrupted


def advance(
    tracks: Mapping[str, Track],
    snapshot: Snapshot,
    histories: Mapping[str, ProviderHistory],
) -> dict[str, Track]:
    """The tracks after ``snapshot``; providers no longer watched are dropped."""
    observed = snapshot.observed
    result: dict[str, Track] = {}
    for p in snapshot.providers:
        old = tracks.get(p.id)
        if observed is not None and p.id not in observed:  # a quick look at others
            if old is not None:
                result[p.id] = old
            continue
        at = p.checked_at or snapshot.checked_at
        result[p.id] = _step(old, p.state, at, histories.get(p.id))
    return result


def _step(old: Track | None, state: State, at: datetime, past: ProviderHistory | None) -> Track:
    if old is None:
        first = _from_history(state, past) or Since(state, at, exact=False)
        return Track(first, first if state.is_known else None)
    if state is old.current.state:
        return old
    if state.is_known and old.last_known is None:
        # Never known before (not checked yet, or unreadable since the start): this is the
        # first sight of the state, not the moment it began.
        first = _from_history(state, past) or Since(state, at, exact=False)
        return Track(first, first)
    if state.is_known and old.last_known is not None and old.last_known.state is state:
        return Track(old.last_known, old.last_known)  # back from an unknown spell
    now = Since(state, at, exact=True)
    return Track(now, now if state.is_known else old.last_known)


def _from_history(state: State, past: ProviderHistory | None) -> Since | None:
    """What the history knows: an outage under way, or the end of the last one."""
    if past is None:
        return None
    outage = past.last_outage
    if outage is None:
        return None
    if state.is_problem and outage.ended_at is None:
        # The first poll that saw it: was the provider seen fine just before? Unknown here.
        return Since(state, outage.started_at, exact=False)
    if not state.is_problem and state.is_known and outage.ended_at is not None:
        return Since(state, outage.ended_at, exact=True)  # a poll saw it end
    return None


def seed(tracks: Mapping[str, Track], histories: Mapping[str, ProviderHistory]) -> dict[str, Track]:
    """Tracks whose inexact start the history (read after the first poll) knows better."""
    result = dict(tracks)
    for pid, track in tracks.items():
        if track.current.exact:
            continue
        found = _from_history(track.current.state, histories.get(pid))
        if found is not None and found.at < track.current.at:  # it knows more than this run
            result[pid] = Track(found, found if found.state.is_known else track.last_known)
    return result
