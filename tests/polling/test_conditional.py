"""Light on the wire, against a real loopback server that behaves like the real status servers:
conditional requests, HEAD for servers that ignore them, max-age, and what none of it may do
(bring back an old page after a failure, believe a 304 or a HEAD that lies)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection
from datetime import timedelta
from typing import Any

from tests.conftest import make_spec
from tests.polling.test_poller import Clock
from tests.statusserver import Route, StatusServer, fixture
from trayapp.core.model import Endpoint, State
from trayapp.polling.conditional import FULL_EVERY
from trayapp.polling.fetch import Fetcher, FetchError, make_client

MONDAY = "Mon, 30 Nov 2026 09:00:00 GMT"
TUESDAY = "Tue, 01 Dec 2026 09:00:00 GMT"


def fetches(
    steps: list[Callable[[], Any]],
    url: str | Endpoint,
    clock: Clock,
    gap: float = 60.0,
    forced: Collection[int] = (),
) -> list[Any]:
    """Get ``url`` once per step (a step changes the server first), ``gap`` seconds apart;
    each result is the document or the FetchError. ``forced``: the steps that are forced
    (Refresh now, the first poll after a resume)."""
    endpoint = url if isinstance(url, Endpoint) else Endpoint(url)

    async def run() -> list[Any]:
        async with make_client() as client:
            fetcher = Fetcher(client, deadline=2.0, monotonic=clock.monotonic, wall=clock.wall)
            results: list[Any] = []
            for number, step in enumerate(steps):
                step()
                try:
                    results.append(await fetcher.get(endpoint, forced=number in forced))
                except FetchError as exc:
                    results.append(exc)
                clock.advance(gap)
            return results

    return asyncio.run(run())


def same() -> None:
    pass


def test_an_unchanged_page_answers_304_and_its_body_is_read_again(server: StatusServer):
    server.set_json("/doc", {"v": 1}, etag='W/"one"', gzip=True)
    results = fetches([same] * 4, server.url + "/doc", Clock())
    assert results == [{"v": 1}] * 4
    assert server.hits["/doc"] == 4 and server.conditional_hits["/doc"] == 3
    assert server.last_headers["/doc"]["If-None-Match"] == 'W/"one"'


def test_last_modified_alone_is_asked_with_if_modified_since(server: StatusServer):
    server.set_json("/doc", {"v": 1}, last_modified=MONDAY)
    change = lambda: server.set_json("/doc", {"v": 2}, last_modified=TUESDAY)
    results = fetches([same, same, change, same], server.url + "/doc", Clock())
    assert results == [{"v": 1}, {"v": 1}, {"v": 2}, {"v": 2}]
    assert server.conditional_hits["/doc"] == 2
    assert server.last_headers["/doc"]["If-Modified-Since"] == TUESDAY


def test_a_304_naming_another_version_is_not_believed(server: StatusServer):
    # A cache in the way answers 304 with the ETag of a newer page than the one asked about.
    server.set_json("/doc", {"state": "ok"}, etag='"v1"')
    outage = Route(body=b'{"state": "down"}', etag='"v2"', behaviour="always_304")
    results = fetches([same, lambda: server.set("/doc", outage)], server.url + "/doc", Clock())
    assert results == [{"state": "ok"}, {"state": "down"}]
    assert "If-None-Match" not in server.last_headers["/doc"]  # asked again, plainly


def test_after_a_failure_the_next_request_is_unconditional(server: StatusServer):
    # A 304 after a failure must not bring back the page from before it.
    server.set_json("/doc", {"state": "ok"}, etag='"v1"')
    broken = lambda: server.set("/doc", Route(status=502, body=b"bad gateway"))
    back = lambda: server.set("/doc", Route(body=b'{"state": "down"}', etag='"v1"'))
    results = fetches([same, broken, back], server.url + "/doc", Clock())
    assert isinstance(results[1], FetchError)
    assert results[2] == {"state": "down"}
    assert "If-None-Match" not in server.last_headers["/doc"]
    assert server.conditional_hits["/doc"] == 0


def test_a_server_that_ignores_if_modified_since_is_asked_with_head(server: StatusServer):
    body = fixture("gcloud/healthy.json")
    route = Route(body=body, last_modified=MONDAY, ignores_conditionals=True, gzip=True)
    server.set("/incidents.json", route)
    changed = fixture("gcloud/outage.json")
    change = lambda: server.set(
        "/incidents.json",
        Route(body=changed, last_modified=TUESDAY, ignores_conditionals=True, gzip=True),
    )
    results = fetches(
        [same, same, same, same, change, same], server.url + "/incidents.json", Clock()
    )
    assert [r == results[0] for r in results] == [True] * 4 + [False, False]
    # Two full downloads teach it that the server ignores the question; then HEADs, and one
    # more download when a HEAD shows a new Last-Modified.
    assert server.hits["/incidents.json"] == 3
    assert server.head_hits["/incidents.json"] == 4
    assert server.conditional_hits["/incidents.json"] == 0


def test_a_head_that_lies_is_caught_by_the_whole_download_every_15_minutes(server: StatusServer):
    # The server keeps one Last-Modified while the body changes: its HEAD always says "same".
    def serve(name: str) -> Callable[[], None]:
        body = fixture(name)
        return lambda: server.set(
            "/incidents.json", Route(body=body, last_modified=MONDAY, ignores_conditionals=True)
        )

    steps = [serve("gcloud/healthy.json"), same, same, serve("gcloud/outage.json")]
    steps += [same] * int(FULL_EVERY // 60) + [same, same]
    results = fetches(steps, server.url + "/incidents.json", Clock())
    first_outage = next(i for i, r in enumerate(results) if r != results[0])
    assert first_outage * 60 <= FULL_EVERY + 60  # found by the whole download, not the HEAD
    # From then on its validators are known not to follow the content: plain GETs only.
    heads = server.head_hits["/incidents.json"]
    assert results[-1] == results[first_outage]
    assert server.head_hits["/incidents.json"] == heads
    assert "If-Modified-Since" not in server.last_headers["/incidents.json"]


def test_max_age_is_honoured_and_bounded_at_five_minutes(server: StatusServer):
    server.set_json("/fresh", {"v": 1}, headers={"Cache-Control": "public, max-age=150"})
    server.set_json("/silly", {"v": 1}, headers={"Cache-Control": "max-age=86400"})
    server.set_json("/aged", {"v": 1}, headers={"Cache-Control": "max-age=150", "Age": "100"})
    for path in ("/fresh", "/silly", "/aged"):
        fetches([same] * 11, server.url + path, Clock(), gap=30)  # five minutes
    assert server.hits["/fresh"] == 3  # at 0, 150 and 300 s: never sooner than it asked
    assert server.hits["/silly"] == 2  # a day asked for: still looked at every five minutes
    assert server.hits["/aged"] == 6  # a CDN had kept it 100 of its 150 s


def test_a_fresh_answer_is_not_reused_after_the_computer_slept(server: StatusServer):
    server.set_json("/fresh", {"v": 1}, headers={"Cache-Control": "max-age=300"})
    clock = Clock()

    def sleep_an_hour() -> None:
        clock.now += timedelta(hours=1)  # wall time only: the monotonic clock stood still

    fetches([same, same, sleep_an_hour], server.url + "/fresh", clock, gap=10)
    assert server.hits["/fresh"] == 2


def test_a_304_is_a_successful_check_the_page_stays_known(server: StatusServer):
    from tests.polling.test_poller import run_polls

    spec = make_spec("statuspage", server.url)
    server.set_statuspage("", "statuspage/outage.json")
    results = run_polls(server, [spec], [same] * 6)
    # Six polls, one summary download: the rest are 304s to the status.json witness and to
    # the summary when it is re-read, and the state stays what the page says, never stale.
    assert [r.providers[0].state for r in results] == [State.MAJOR_OUTAGE] * 6
    assert all(r.providers[0].error is None for r in results)
    assert results[-1].providers[0].checked_at == results[-1].checked_at
    assert server.hits["/api/v2/summary.json"] == 2  # once, and again after five minutes (304)
    assert server.conditional_hits["/api/v2/summary.json"] == 1


def test_a_forced_look_asks_again_while_max_age_still_covers_the_page(server: StatusServer):
    fresh = {"Cache-Control": "max-age=300"}
    server.set_json("/doc", {"v": 1}, etag='"one"', headers=fresh)
    change = lambda: server.set_json("/doc", {"v": 2}, etag='"two"', headers=fresh)
    # A minute apart: the second look is answered by max-age; the forced ones ask the server.
    results = fetches([same, same, same, change], server.url + "/doc", Clock(), forced={2, 3})
    assert results == [{"v": 1}] * 3 + [{"v": 2}]
    assert server.hits["/doc"] == 3
    assert server.conditional_hits["/doc"] == 1  # revalidated: a 304, not the whole body
    assert server.last_headers["/doc"]["If-None-Match"] == '"one"'
