"""What happened, as numbers: outages from observations, uptime shares, days in the user's zone.

Pure: observations and time buckets come in as arguments, ``now`` carries the user's zone (as
in :mod:`trayapp.core.timefmt`). Storage lives in :mod:`trayapp.history`.

Time is kept per provider in fixed buckets of :data:`BUCKET` seconds (UTC-aligned): each poll's
state is held until the next poll, for at most :data:`MAX_HOLD`, so a machine that was asleep
or an app that was closed counts as "not observed", never as up or down. Every real zone's UTC
offset is a multiple of 15 minutes, so local days are whole runs of buckets, DST days included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from trayapp.core.localdays import DAY, LocalDays
from trayapp.core.model import State
from trayapp.core.notify_policy import Memory, ProviderMemory

BUCKET = 900
MAX_HOLD = 600  # seconds a poll's state is trusted without a newer poll
WINDOWS = (1, 7, 30, 90)  # days of the uptime figures
KEEP_DAYS = 90
# Bucket columns, in this order everywhere (storage included).
STATES: tuple[State, ...] = tuple(State)
HEALTHY = frozenset({State.OPERATIONAL, State.MAINTENANCE})
# How much of a second in each state is downtime, as Atlassian Statuspage counts it: a major
# outage wholly, a partial outage at 30 %, degraded performance and maintenance not at all.
DOWNTIME = {State.MAJOR_OUTAGE: 1.0, State.PARTIAL_OUTAGE: 0.3}
DOWN = State.PARTIAL_OUTAGE  # an outage is a spell that reached this state or worse
MIN_OBSERVED_S = 3600  # less observed time than this gives no uptime figure: too little to say


@dataclass(frozen=True)
class Observation:
    """One poll of one provider, or a change of what the polls saw."""

    at: datetime
    state: State
    incident: str | None = None


@dataclass(frozen=True)
class Outage:
    """A run of degraded-or-worse polls that reached a partial or major outage, up to the first
    poll that saw the provider healthy (a spell that stayed degraded is no outage)."""

    state: State  # the worst state during it
    started_at: datetime
    ended_at: datetime | None  # None while it lasts
    incident: str | None = None

    def duration(self, now: datetime) -> timedelta:
        return (self.ended_at or now) - self.started_at


@dataclass(frozen=True)
class Bucket:
    """Seconds spent in each state (ordered as :data:`STATES`) from ``start`` (epoch seconds)."""

    start: int
    seconds: tuple[int, ...]


@dataclass(frozen=True)
class Share:
    """Uptime over a window: ``uptime`` is of the observed time (None when nothing was seen)."""

    uptime: float | None  # percent
    observed: float  # percent of the window
    span: int = 0  # the window, in seconds

    @property
    def observed_s(self) -> int:
        """Seconds of the window observed at all."""
        return round(self.observed * self.span / 100)

    @property
    def enough(self) -> bool:
        """Whether enough was observed for the figure to mean something (an hour at least)."""
        return self.uptime is not None and self.observed_s >= MIN_OBSERVED_S


@dataclass(frozen=True)
class DayCell:
    day: date  # in the user's zone
    worst: State  # UNKNOWN when nothing known was seen that day
    observed_s: int
    outages: tuple[Outage, ...] = ()
    length_s: int = 86400  # 23 or 25 hours on a DST day

    @property
    def observed_share(self) -> float:
        return 100.0 * self.observed_s / self.length_s


@dataclass(frozen=True)
class ProviderHistory:
    id: str
    name: str
    uptime: dict[int, Share]  # keyed by WINDOWS
    days: tuple[DayCell, ...]  # oldest first
    outages: tuple[Outage, ...]  # newest first
    last_polled: datetime | None = None

    @property
    def last_outage(self) -> Outage | None:
        return self.outages[0] if self.outages else None

    @property
    def ongoing(self) -> Outage | None:
        last = self.last_outage
        return last if last is not None and last.ended_at is None else None


def outages(observations: Iterable[Observation]) -> list[Outage]:
    """Outages in time order; unknown polls neither end nor extend one.

    A spell starts at the first poll that saw a problem (degraded or worse) and ends at the
    first poll that saw the provider operational or in maintenance; its state is the worst
    seen, its incident the first incident title seen during it. Only spells that reached a
    partial or major outage are outages: "degraded" means slower, not down.
    """
    return [spell for spell in _spells(observations) if spell.state.severity >= DOWN.severity]


def _spells(observations: Iterable[Observation]) -> list[Outage]:
    found: list[Outage] = []
    start: datetime | None = None
    worst = State.DEGRADED
    incident: str | None = None
    for seen in sorted(observations, key=lambda o: o.at):
        if seen.state.is_problem:
            if start is None:
                start, worst, incident = seen.at, seen.state, None
            if seen.state.severity > worst.severity:
                worst = seen.state
            incident = incident or seen.incident
        elif seen.state in HEALTHY and start is not None:
            found.append(Outage(worst, start, seen.at, incident))
            start = None
    if start is not None:
        found.append(Outage(worst, start, None, incident))
    return found


def held_until(polled_at: int, next_poll_at: int) -> int:
    """The end of the time a poll at ``polled_at`` vouches for (epoch seconds)."""
    return min(next_poll_at, polled_at + MAX_HOLD)


def split(start: int, end: int, size: int = BUCKET) -> list[tuple[int, int]]:
    """``[start, end)`` cut at bucket boundaries: (bucket start, seconds in it) pairs."""
    parts: list[tuple[int, int]] = []
    at = start
    while at < end:
        bucket = at - at % size
        stop = min(end, bucket + size)
        parts.append((bucket, stop - at))
        at = stop
    return parts


def _epoch(when: datetime) -> int:
    return int(when.timestamp())


def _add(totals: list[int], seconds: Sequence[int]) -> None:
    for i, n in enumerate(seconds):
        totals[i] += n


def share_of(totals: Sequence[int], span: int) -> Share:
    """Uptime and observed share of ``span`` seconds, given the seconds spent in each state.

    The one computation behind every uptime figure (menu, details window, page, ``history``):
    uptime is of the observed time only, with downtime weighted as :data:`DOWNTIME` says.
    """
    known = 0
    down = 0.0
    for state, seconds in zip(STATES, totals, strict=True):
        if state.is_known:
            known += seconds
            down += DOWNTIME.get(state, 0.0) * seconds
    uptime = 100.0 * (known - down) / known if known else None
    return Share(uptime, min(100.0, 100.0 * known / max(1, span)), max(0, span))


def share(buckets: Iterable[Bucket], since: int, until: int) -> Share:
    """Uptime and observed share of ``[since, until]``, counting buckets that start in it."""
    totals = [0] * len(STATES)
    for bucket in buckets:
        if since <= bucket.start <= until:
            _add(totals, bucket.seconds)
    return share_of(totals, until - since)


def window_totals(buckets: Iterable[Bucket], until: int) -> dict[int, list[int]]:
    """Seconds per state over each of :data:`WINDOWS` days up to ``until``."""
    totals = {n: [0] * len(STATES) for n in WINDOWS}
    for bucket in buckets:
        for n in WINDOWS:
            if until - n * DAY <= bucket.start <= until:
                _add(totals[n], bucket.seconds)
    return totals


def day_totals(buckets: Iterable[Bucket], days: LocalDays) -> list[list[int]]:
    """Seconds per state on each local day."""
    totals = [[0] * len(STATES) for _ in days.days]
    for bucket in buckets:
        index = days.index(bucket.start)
        if index is not None:
            _add(totals[index], bucket.seconds)
    return totals


def worst_seen(seconds: Sequence[int]) -> State:
    """The worst known state with time in it; UNKNOWN when no known state was seen."""
    seen = [s for s, n in zip(STATES, seconds, strict=True) if n and s.is_known]
    return max(seen, key=lambda s: s.severity) if seen else State.UNKNOWN


def cells(
    by_day: Sequence[Sequence[int]], days: LocalDays, found: Sequence[Outage], now: datetime
) -> tuple[DayCell, ...]:
    """One cell per local day: its worst state, seconds observed and the outages touching it."""
    result = []
    spans = [(_epoch(o.started_at), _epoch(o.ended_at or now), o) for o in found]
    for (day, start, end), totals in zip(days.days, by_day, strict=True):
        observed = sum(n for s, n in zip(STATES, totals, strict=True) if s.is_known)
        touching = tuple(o for first, last, o in spans if first < end and last >= start)
        worst = worst_seen(totals)
        # A problem seen that day counts even when its polls were too sparse to hold time.
        for outage in touching:
            if outage.state.severity > worst.severity:
                worst = outage.state
        result.append(DayCell(day, worst, observed, touching, end - start))
    return tuple(result)


def day_cells(
    buckets: Sequence[Bucket], found: Sequence[Outage], now: datetime, count: int
) -> tuple[DayCell, ...]:
    days = LocalDays.build(now, count)
    return cells(day_totals(buckets, days), days, found, now)


def summarise_totals(
    provider_id: str,
    name: str,
    windows: Mapping[int, Sequence[int]],
    by_day: Sequence[Sequence[int]],
    days: LocalDays,
    observations: Iterable[Observation],
    now: datetime,
) -> ProviderHistory:
    """A provider's history from seconds per state per window and per day (as storage sums)."""
    found = outages(observations)
    recent = [o for o in found if o.ended_at is None or _epoch(o.ended_at) >= days.start]
    return ProviderHistory(
        id=provider_id,
        name=name,
        uptime={n: share_of(windows[n], n * DAY) for n in WINDOWS},
        days=cells(by_day, days, recent, now),
        outages=tuple(reversed(recent)),
    )


def summarise(
    provider_id: str,
    name: str,
    buckets: Sequence[Bucket],
    observations: Iterable[Observation],
    now: datetime,
    days: int = KEEP_DAYS,
) -> ProviderHistory:
    """A provider's uptime over :data:`WINDOWS`, its last ``days`` days and its outages."""
    local = LocalDays.build(now, days)
    windows = window_totals(buckets, _epoch(now))
    return summarise_totals(
        provider_id, name, windows, day_totals(buckets, local), local, observations, now
    )


RESTART_GAP = timedelta(minutes=30)


def ongoing_outages(
    histories: Iterable[ProviderHistory], now: datetime, gap: timedelta = RESTART_GAP
) -> dict[str, Outage]:
    """Outages still open at the last poll, if that poll is recent (a restart, not a week
    away: an outage last seen days ago may have ended unseen)."""
    return {
        h.id: h.ongoing
        for h in histories
        if h.ongoing is not None and h.last_polled is not None and now - h.last_polled <= gap
    }


def seed_memory(memory: Memory, ongoing: Mapping[str, Outage]) -> Memory:
    """Notification memory that remembers outages under way before a restart.

    A provider already in ``memory`` keeps its entry, with the earlier of the two start times
    while it is down; so "back — down 47 min" counts from the first poll that saw the outage,
    even if that poll was made by an earlier run of the app (or by ``status``/``watch``).
    """
    providers = dict(memory.providers)
    for provider_id, outage in ongoing.items():
        if outage.ended_at is not None:
            continue
        known = providers.get(provider_id)
        if known is None:
            providers[provider_id] = ProviderMemory(
                announced=outage.state, down_since=outage.started_at, worst=outage.state
            )
        elif known.down_since is not None and outage.started_at < known.down_since:
            providers[provider_id] = replace(known, down_since=outage.started_at)
    return replace(memory, providers=providers)
