"""Polling cost: wall time per cycle for 10, 100 and 1,000 providers served from loopback,
and the peak RSS of a one-shot ``ai-status-tray status`` installed with its runtime
dependencies only (bench/runtime_venv.py).

Run by hand: ``.venv/bin/python -m bench.poll_bench`` (figures go in docs/performance.md).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.runtime_venv import runtime_venv
from trayapp.core.model import ProviderSpec, State
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.poller import Poller

SIZES = (10, 100, 1000)
CYCLES = 5


def start_server() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def specs(url: str, count: int) -> list[ProviderSpec]:
    return [
        ProviderSpec(id=f"p{i}", name=f"Provider {i}", type="statuspage", url=f"{url}/p{i}")
        for i in range(count)
    ]


async def cycles(url: str, count: int) -> list[float]:
    async with make_client() as client:
        poller = Poller(specs(url, count), Fetcher(client), 60)
        times = []
        for _ in range(CYCLES):
            started = time.perf_counter()
            snapshot = await poller.poll(forced=True)
            times.append(time.perf_counter() - started)
            assert snapshot.overall is State.OPERATIONAL, snapshot.providers[0].error
        return times


def status_peak_rss(url: str, count: int, venv_bin: Path) -> float:
    """Peak RSS (MiB) of the real one-shot command polling ``count`` providers."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        lines = ["[catalogue]", "enabled = []"]
        for spec in specs(url, count):
            lines += [
                "[[providers]]",
                f'id = "{spec.id}"',
                f'name = "{spec.name}"',
                'type = "statuspage"',
                f"url = {json.dumps(spec.url)}",
            ]
        config.write_text("\n".join(lines) + "\n")
        env = {**os.environ, "XDG_STATE_HOME": tmp, "XDG_CACHE_HOME": tmp, "XDG_DATA_HOME": tmp}
        # GNU time reports the command's own peak: a child forked from this (larger) process
        # would count the parent's pages it held before exec.
        result = subprocess.run(
            [
                "/usr/bin/time",
                "-f",
                "%M",
                str(venv_bin / "ai-status-tray"),
                "status",
                "--config",
                str(config),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            check=True,
            cwd="/",
        )
        return int(result.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    server, url = start_server()
    try:
        print(f"{'providers':>9}  {'first cycle':>11}  {'median cycle':>12}  {'per provider':>12}")
        for count in SIZES:
            times = asyncio.run(cycles(url, count))
            median = statistics.median(times[1:])
            print(
                f"{count:>9}  {times[0] * 1000:>9.0f} ms  {median * 1000:>10.0f} ms  {median / count * 1e6:>9.0f} µs"
            )
        with tempfile.TemporaryDirectory() as tmp:
            venv_bin = runtime_venv(Path(tmp) / "venv")
            for count in (4, 100, 1000):
                peak = status_peak_rss(url, count, venv_bin)
                print(f"peak RSS of `status` with {count} providers: {peak:.1f} MiB")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
