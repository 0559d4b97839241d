"""The poller against a real loopback server: staleness, backoff, Retry-After, slow pages."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from tests.conftest import make_spec
from tests.statusserver import Route, StatusServer
from trayapp.core.model import Snapshot, State
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.poller import Poller


class Clock:
    """Wall time and monotonic time, moved together unless a test steps one of them."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
        self.mono = 1000.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def wall(self) -> float:
        return self.now.timestamp()

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.mono += seconds


def run_polls(server: StatusServer, specs, steps, interval=60.0, clock=None):
    """Run one poll per step; a step is a callable that reconfigures the server first."""
    clock = clock or Clock()

    async def run():
        async with make_client() as client:
            poller = Poller(
                specs,
                Fetcher(client, deadline=2.0, monotonic=clock.monotonic, wall=clock.wall),
                interval,
                clock=clock,
                monotonic=clock.monotonic,
            )
            results = []
            for step in steps:
                step()
                results.append(await poller.poll())
                clock.advance(interval)
            return results

    return asyncio.run(run())


def test_one_failed_poll_keeps_the_last_state_then_it_goes_unknown(server: StatusServer):
    spec = make_spec("statuspage", server.url)
    healthy = lambda: server.set_fixture("/api/v2/summary.json", "statuspage/outage.json")
    broken = lambda: server.set("/api/v2/summary.json", Route(status=500, body=b"x"))
    results = run_polls(server, [spec], [healthy, broken, broken, broken, broken])
    states = [r.providers[0].state for r in results]
    assert states[:2] == [State.MAJOR_OUTAGE, State.MAJOR_OUTAGE]
    assert results[1].providers[0].error.endswith("answered HTTP 500")
    assert states[-1] is State.UNKNOWN


def test_retry_after_is_honoured(server: StatusServer):
    spec = make_spec("statuspage", server.url)
    server.set(
        "/api/v2/summary.json", Route(status=429, body=b"{}", headers={"Retry-After": "150"})
    )
    results = run_polls(server, [spec], [lambda: None] * 4)
    # polls at t=0 (429), t=60 and t=120 are skipped, t=180 asks again
    assert server.hits["/api/v2/summary.json"] == 2
    assert "HTTP 429" in (results[1].providers[0].error or "")


def state_of(snapshot: Snapshot, pid: str) -> State:
    status = snapshot.provider(pid)
    assert status is not None
    return status.state


def test_a_slow_page_does_not_delay_the_others(server: StatusServer):
    fast = make_spec("statuspage", server.url + "/fast", id="fast")
    slow = make_spec("statuspage", server.url + "/slow", id="slow")
    server.set_fixture("/fast/api/v2/summary.json", "statuspage/healthy.json")
    server.set("/slow/api/v2/summary.json", Route(behaviour="hang"))
    partials: list[tuple[float, Snapshot]] = []

    async def run():
        async with make_client() as client:
            poller = Poller([fast, slow], Fetcher(client, deadline=3.0), 60)
            loop = asyncio.get_running_loop()
            started = loop.time()
            return await poller.poll(
                grace=0.5, on_partial=lambda s: partials.append((loop.time() - started, s))
            )

    final = asyncio.run(run())
    ((elapsed, partial),) = partials
    assert elapsed < 2.0
    assert state_of(partial, "fast") is State.OPERATIONAL
    assert state_of(partial, "slow") is State.UNKNOWN
    slow_final = final.provider("slow")
    assert slow_final is not None
    assert slow_final.error == f"{server.url[7:]} timed out (no answer within 3 s)"


def test_all_unreachable_is_offline_not_an_outage():
    with StatusServer() as gone:
        url = gone.url
    specs = [make_spec("statuspage", url, id="a"), make_spec("instatus", url, id="b")]

    async def run():
        async with make_client() as client:
            return await Poller(specs, Fetcher(client), 60).poll()

    snapshot = asyncio.run(run())
    assert snapshot.overall is State.OFFLINE
    assert all("refused the connection" in (p.error or "") for p in snapshot.providers)


def test_304_reuses_the_last_result(server: StatusServer):
    spec = make_spec("statuspage", server.url)
    tagged = lambda: server.set_fixture(
        "/api/v2/summary.json", "statuspage/outage.json", etag='"v1"'
    )
    results = run_polls(server, [spec], [tagged, lambda: None])
    assert server.conditional_hits["/api/v2/summary.json"] == 1
    assert [r.overall for r in results] == [State.MAJOR_OUTAGE, State.MAJOR_OUTAGE]
    assert results[1].providers[0].error is None
