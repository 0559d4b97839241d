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


def run_loop(
    server: StatusServer,
    changes: dict[int, dict[str, str]],
    polls: int,
    cheap_interval: float | None = None,
    etag: str | None = None,
):
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
            fetcher = Fetcher(client, deadline=2.0, monotonic=clock.monotonic, wall=clock.wall)
            poller = Poller(specs, fetcher, 60, clock=clock, monotonic=clock.monotonic)
            quick = QuickConfirmations(
                poller,
                clock=clock,
                jitter=lambda: 0.5,
                fetcher=fetcher,
                cheap_interval=cheap_interval,
            )
            for index in range(polls):
                for path, name in changes.get(index, {}).items():
                    server.set_fixture(path, name, etag=etag)
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


def test_pages_answering_304_are_asked_every_30_s(server: StatusServer):
    healthy = {A: "statuspage/healthy.json", B: "statuspage/healthy.json"}
    published = run_loop(server, {0: healthy}, 3, cheap_interval=30, etag='"v1"')
    # t=0 full answers (ETag, no Cache-Control): not yet known to be cheap; from t=60 on, 304s.
    assert [t for t, _ in published] == [0, 60, 90, 120, 150]
    assert published[2][1].observed == frozenset({"a", "b"})
    assert server.conditional_hits[A] == 4


def test_pages_with_short_cache_control_are_asked_every_30_s_others_every_60(
    server: StatusServer,
):
    server.set_fixture(A, "statuspage/healthy.json", headers={"Cache-Control": "max-age=20"})
    server.set_fixture(B, "statuspage/healthy.json", headers={"Cache-Control": "max-age=300"})
    published = run_loop(server, {}, 3, cheap_interval=30)
    assert [t for t, _ in published] == [0, 30, 60, 90, 120, 150]
    # B asked not to be asked again for five minutes: its regular polls reuse its answer.
    assert server.hits[A] == 6 and server.hits[B] == 1
    # Without the setting, every page is asked once per interval.
    assert [t for t, _ in run_loop(server, {}, 2)] == [0, 60]
