"""What finding a moved page costs: requests and wall time of detection per format, on loopback.

Run by hand: ``.venv/bin/python -m bench.detect_bench`` (figures go in docs/performance.md).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime

from tests.e2e.test_detect_e2e import PAGES
from tests.statusserver import StatusServer
from trayapp.core.model import ProviderSpec
from trayapp.polling.detect import detect
from trayapp.polling.fetch import Fetcher, make_client

RUNS = 5


async def one(url: str) -> tuple[str | None, float]:
    spec = ProviderSpec(id="x", name="X", type="auto", url=url)
    async with make_client() as client:
        started = time.perf_counter()
        found = await detect(Fetcher(client), spec, datetime.now(UTC))
        return (found[0].type if found else None), (time.perf_counter() - started) * 1000


def main() -> None:
    print(f"{'format':<12} {'requests':>8} {'ms (median of 5)':>17}")
    for fmt, (suffix, routes, _, _) in [*sorted(PAGES.items()), ("none", ("", {}, "", 0))]:
        with StatusServer() as server:
            host = server.url.split("//", 1)[1]
            for path, name in routes.items():
                server.set_fixture(path.replace("HOST", host), name)
            times = []
            for _ in range(RUNS):
                server.hits.clear()
                found, ms = asyncio.run(one(server.url + suffix))
                assert found == (None if fmt == "none" else fmt), (fmt, found)
                times.append(ms)
            print(f"{fmt:<12} {sum(server.hits.values()):>8} {statistics.median(times):>17.1f}")


if __name__ == "__main__":
    main()
