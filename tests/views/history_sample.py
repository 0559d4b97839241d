"""Histories for the view tests: 90 days of polls, one old outage, one recent one, a gap."""

from __future__ import annotations

from datetime import datetime, timedelta

from trayapp.core.history import BUCKET, STATES, Bucket, Observation, ProviderHistory, summarise
from trayapp.core.model import State

EVIL = '<img src=x onerror=alert(1)> "API" errors'


def buckets_between(start: datetime, end: datetime, state: State) -> list[Bucket]:
    first = int(start.timestamp()) // BUCKET * BUCKET
    seconds = tuple(BUCKET if s is state else 0 for s in STATES)
    return [Bucket(at, seconds) for at in range(first, int(end.timestamp()), BUCKET)]


def history(
    pid: str,
    name: str,
    now: datetime,
    problems: list[tuple[int, int, State, str | None]] = (),  # type: ignore[assignment]
    blind_days: tuple[int, ...] = (),
) -> ProviderHistory:
    """Operational for 90 days except ``problems`` (days ago, minutes, state, incident) and
    ``blind_days`` (days ago with nothing observed)."""
    observations = [Observation(now - timedelta(days=90), State.OPERATIONAL)]
    buckets: list[Bucket] = []
    skip: set[int] = set()
    for days_ago, minutes, state, incident in problems:
        start = (now - timedelta(days=days_ago)).replace(hour=10, minute=0)
        end = start + timedelta(minutes=minutes)
        observations += [Observation(start, state, incident), Observation(end, State.OPERATIONAL)]
        for bucket in buckets_between(start, end, state):
            skip.add(bucket.start)
            buckets.append(bucket)
    for days_ago in blind_days:
        day = (now - timedelta(days=days_ago)).replace(hour=0, minute=0)
        skip |= {b.start for b in buckets_between(day, day + timedelta(days=1), State.UNKNOWN)}
    buckets += [
        b
        for b in buckets_between(now - timedelta(days=91), now, State.OPERATIONAL)
        if b.start not in skip
    ]
    return summarise(pid, name, sorted(buckets, key=lambda b: b.start), observations, now)
