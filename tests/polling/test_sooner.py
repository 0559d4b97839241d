"""Quick confirmation in the polling loop, against a real loopback server (time is simulated)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from tests.conftest import make_spec
from tests.polling.test_poller import Clock
from tests.statusserver import StatusServer
from trayapp.core.model import Snapshot, State
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.poller import Poller
from trayapp.polling.sooner import QuickConfirmations

A, B = "/a/api/v2/summary.json", "/b/api/v2/summary.json"


def run_loop(server: StatusServer, changes: dict[int, dict[str, str]], polls: int):
    """Regular polls every 60 s with quick confirmations between; ``changes`` maps a regular
    poll's index to the fixtures to serve just before it. Returns (seconds, snapshot) pairs."""
    clock = Clock()
    start = clock.now
    specs = [
        make_spec("statuspage", server.url + "/a", id="a"),
        make_spec("statuspage", server.url + "/b", id="b"),
    ]
    published: list[tuple[float, Snapshot]] = []

    async def sleep(seconds: float) -> bool:
        clock.advance(seconds)
        return False

    def publish(snapshot: Snapshot) -> None:
        published.append(((clock.now - start).total_seconds(), snapshot))

    async def run():
        async with make_client() as client:
            poller = Poller(specs, Fetcher(client, deadline=2.0), 60, clock=clock)
            quick = QuickConfirmations(poller, clock=clock, jitter=lambda: 0.5)
            for index in range(polls):
                for path, name in changes.get(index, {}).items():
                    server.set_fixture(path, name)
                snapshot = await poller.poll()
                publish(snapshot)
                quick.note(snapshot, clock.now + timedelta(seconds=60))
                await quick.wait(60, sleep, publish)

    asyncio.run(run())
    return published


def test_a_change_is_confirmed_15_s_later_once_and_only_for_that_provider(server: StatusServer):
    healthy = {A: "statuspage/healthy.json", B: "statuspage/healthy.json"}
    published = run_loop(server, {0: healthy, 2: {A: "statuspage/outage.json"}}, 5)
    times = [t for t, _ in published]
    assert times == [0, 60, 120, 135, 180, 240]
    confirmation = published[3][1]
    assert confirmation.observed == frozenset({"a"})
    assert confirmation.provider("a").state is State.MAJOR_OUTAGE
    assert server.hits[A] == 6 and server.hits[B] == 5


def test_a_flapping_page_costs_at_most_one_extra_look_per_poll(server: StatusServer):
    up, down = "statuspage/healthy.json", "statuspage/outage.json"
    changes = {i: {A: down if i % 2 else up, B: up} for i in range(8)}
    published = run_loop(server, changes, 8)
    assert server.hits[A] <= 8 + 7 and server.hits[B] == 8
    assert len(published) <= 15
