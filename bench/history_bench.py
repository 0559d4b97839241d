"""History cost: the file after 90 days of polls at 60 s for 15 providers, the time to record
one poll, and the time of ``ai-status-tray history --json`` over those 90 days.

Run by hand: ``.venv/bin/python -m bench.history_bench [--days 90]`` (figures go in docs/performance.md).
Targets: file < 10 MB, one poll < 2 ms (median), ``history --json`` < 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trayapp.core.model import Component, Incident, ProviderStatus, Snapshot, State
from trayapp.history.store import FILE_NAME, HistoryStore
from trayapp.history.writer import HistoryWriter

PROVIDERS = 15
INTERVAL = 60
COMPONENTS = ("API", "Chat", "Files", "Login")
END = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class Weather:
    """Mostly operational; now and then an outage of 5-180 minutes, a maintenance window or a
    page that cannot be read, so changes and incidents are written as in real use."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.until: dict[int, tuple[datetime, State, str | None, datetime]] = {}

    def state(self, index: int, now: datetime) -> tuple[State, str | None, datetime]:
        current = self.until.get(index)
        if current is not None and now < current[0]:
            return current[1], current[2], current[3]
        roll = self.rng.random()
        if roll < 0.0004:  # about four outages a week per provider
            state = self.rng.choice([State.DEGRADED, State.PARTIAL_OUTAGE, State.MAJOR_OUTAGE])
            minutes = self.rng.randint(5, 180)
            title = f"Elevated errors {self.rng.randint(1, 10**6)}"
        elif roll < 0.0005:
            state, minutes, title = State.MAINTENANCE, 60, None
        elif roll < 0.0015:
            state, minutes, title = State.UNKNOWN, self.rng.randint(1, 10), None
        else:
            return State.OPERATIONAL, None, now
        self.until[index] = (now + timedelta(minutes=minutes), state, title, now)
        return state, title, now


def snapshot(weather: Weather, now: datetime) -> Snapshot:
    providers = []
    for i in range(PROVIDERS):
        state, title, since = weather.state(i, now)
        components = tuple(
            Component(name, state if n == 0 and state.is_known else State.OPERATIONAL)
            for n, name in enumerate(COMPONENTS)
        )
        incidents = (
            (
                Incident(
                    title,
                    state,
                    "investigating",
                    since,
                    url=f"https://s.example/i/{title.rsplit(maxsplit=1)[-1]}",
                ),
            )
            if title
            else ()
        )
        providers.append(
            ProviderStatus(
                id=f"provider-{i}",
                name=f"Provider {i}",
                state=state,
                checked_at=now,
                status_page="https://status.example.com",
                components=components,
                incidents=incidents,
            )
        )
    return Snapshot(State.OPERATIONAL, now, tuple(providers))


def simulate(path: Path, days: int) -> tuple[int, float]:
    """Record ``days`` of polls; returns (polls, seconds)."""
    weather = Weather(random.Random(11))
    writer = HistoryWriter(path)
    at = END - timedelta(days=days)
    polls = 0
    started = time.perf_counter()
    while at <= END:
        writer.record(snapshot(weather, at))
        if polls % 1440 == 0:
            writer.prune(at)
        polls += 1
        at += timedelta(seconds=INTERVAL)
    writer.close()
    return polls, time.perf_counter() - started


def record_cost(path: Path, samples: int = 500) -> list[float]:
    """Milliseconds to record one poll of 15 providers into the 90-day file."""
    weather = Weather(random.Random(12))
    store = HistoryStore.open(path)
    costs = []
    at = END
    for _ in range(samples):
        at += timedelta(seconds=INTERVAL)
        poll = snapshot(weather, at)
        started = time.perf_counter()
        store.record(poll)
        costs.append((time.perf_counter() - started) * 1000)
    store.close()
    return costs


def history_json_cost(data_home: Path, now: datetime, runs: int = 5) -> tuple[list[float], int]:
    """Wall milliseconds of the real ``history --json`` command, and its output size."""
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "AI_STATUS_TRAY_NOW": now.isoformat()}
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "trayapp", "history", "--json"],
            capture_output=True,
            env=env,
            check=True,
        ).stdout
        times.append((time.perf_counter() - started) * 1000)
        size = len(out)
        assert len(json.loads(out)["providers"]) == PROVIDERS
    return times, size


def read_cost(path: Path, now: datetime, runs: int = 5) -> list[float]:
    """Milliseconds to read and summarise every provider in-process (what the tray does)."""
    times = []
    with HistoryStore.open(path) as store:
        for _ in range(runs):
            started = time.perf_counter()
            store.read(now)
            times.append((time.perf_counter() - started) * 1000)
    return times


def startup_cost(data_home: Path, runs: int = 5) -> float:
    """Median wall ms of ``--version``: the interpreter and import floor under the figures."""
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "trayapp", "--version"], env=env, check=True, capture_output=True
        )
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--keep", type=Path, help="also copy the simulated file here")
    args = parser.parse_args()
    days = args.days
    with tempfile.TemporaryDirectory() as tmp:
        data_home = Path(tmp)
        path = data_home / "ai-status-tray" / FILE_NAME
        polls, seconds = simulate(path, days)
        size = sum(p.stat().st_size for p in path.parent.glob(FILE_NAME + "*"))
        print(f"simulated {days} days: {polls} polls x {PROVIDERS} providers in {seconds:.0f} s")
        print(f"file size (with WAL): {size / 1e6:.2f} MB  (target < 10 MB)")
        if args.keep:
            shutil.copy(path, args.keep)
        costs = record_cost(path)
        print(
            f"record one poll: median {statistics.median(costs):.2f} ms, "
            f"p95 {sorted(costs)[int(len(costs) * 0.95)]:.2f} ms  (target < 2 ms median)"
        )
        now = END + timedelta(hours=9)
        reads = read_cost(path, now)
        print(f"read + summarise in-process: median {statistics.median(reads):.0f} ms")
        times, out = history_json_cost(data_home, now)
        print(
            f"`history --json` (whole command): median {statistics.median(times):.0f} ms, "
            f"{out / 1e3:.0f} kB of JSON  (target < 300 ms)"
        )
        print(f"  of which interpreter + imports (`--version`): {startup_cost(data_home):.0f} ms")


if __name__ == "__main__":
    main()
