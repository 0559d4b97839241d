"""A simulated day: 24 h of polls at a 60 s interval, with an injected clock (no sleeping),
against a loopback server rotating every page through faults (bench/soak_server.py).

Each poll also runs what the tray runs on a snapshot: the notification policy, the menu, the
table, JSON and the details page. The clock is stepped back an hour at 12:00 and "suspended"
for three hours at 18:00. Reports memory, open files and threads at the start and the end.

Run by hand: ``.venv/bin/python -m bench.soak_bench [--hours 24] [--providers 15]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import gc
import logging
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trayapp.core.model import ProviderSpec, Snapshot
from trayapp.core.notify_policy import Memory, Settings, decide
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.poller import Poller
from trayapp.views import details, menu_model, report

INTERVAL = 60.0


class SimulatedClock:
    def __init__(self) -> None:
        self.wall = datetime(2026, 11, 20, 0, 0, tzinfo=UTC)
        self.mono = 10_000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


def process_figures() -> dict[str, float]:
    """RSS and private dirty memory (MiB), open file descriptors and threads of this process.

    Garbage is collected and glibc is asked to return free heap first: the figures are what the
    process holds, not what the allocator has not yet handed back after a 5 MB body.
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return figures("self")


def figures(pid: int | str) -> dict[str, float]:
    """RSS and private dirty (MiB), open files and threads of process ``pid`` ("self": this)."""
    result = {
        "fds": float(len(os.listdir(f"/proc/{pid}/fd"))),
        "threads": float(len(os.listdir(f"/proc/{pid}/task"))),
    }
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("Rss", "Private_Dirty"):
            result[key] = int(value.split()[0]) / 1024
    return result


def describe(figures: dict[str, float]) -> str:
    return (
        f"RSS {figures['Rss']:.1f} MiB, private dirty {figures['Private_Dirty']:.1f} MiB, "
        f"{figures['fds']:.0f} open files, {figures['threads']:.0f} threads"
    )


async def soak(url: str, providers: int, hours: float) -> None:
    specs = [
        ProviderSpec(
            id=f"p{i}",
            name=f"Provider {i}",
            type="statuspage",
            url=f"{url}/p{i}",
            chat_url=f"https://chat{i}.example",
        )
        for i in range(providers)
    ]
    clock = SimulatedClock()
    polls = int(hours * 3600 / INTERVAL)
    memory = Memory()
    outcomes: Counter[str] = Counter()
    notes = 0
    started = time.perf_counter()
    samples: list[tuple[int, dict[str, float]]] = []
    async with make_client() as client:
        # Loopback answers in milliseconds; short deadlines keep the slow faults from
        # stretching a simulated day into a real one.
        poller = Poller(
            specs,
            Fetcher(client, deadline=0.15),
            INTERVAL,
            clock=clock.now,
            monotonic=clock.monotonic,
            deadline=0.5,
        )
        for index in range(polls):
            if index == polls // 2:
                clock.wall -= timedelta(hours=1)  # NTP step back
            if index == polls * 3 // 4:
                clock.wall += timedelta(hours=3)  # suspended: wall time moves on alone
            snapshot: Snapshot = await poller.poll(forced=index % 5 == 0)
            memory, sent = decide(memory, snapshot, clock.now(), Settings(), clock.monotonic())
            notes += len(sent)
            menu_model.build(snapshot, menu_model.MenuState(), clock.now())
            report.table(snapshot, clock.now())
            report.to_json(snapshot)
            details.render(snapshot, clock.now())
            outcomes.update(p.state.value for p in snapshot.providers)
            clock.advance(INTERVAL)
            if index == 10 or (index + 1) % (polls // 4) == 0:
                samples.append((index + 1, process_figures()))
    print(
        f"{polls} polls of {providers} providers ({hours:g} simulated hours) in "
        f"{time.perf_counter() - started:.0f} s of real time; {notes} notifications"
    )
    print("provider states seen: " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
    for count, figures in samples:
        print(f"after poll {count:>5}: {describe(figures)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=24)
    parser.add_argument("--providers", type=int, default=15)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # thousands of expected "answered HTTP 500" lines
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.soak_server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # the server's own tracebacks for connections cut short
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        asyncio.run(soak(url, args.providers, args.hours))
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
