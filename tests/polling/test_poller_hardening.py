"""The poller under hostile pages and moving clocks, against a real loopback server (issue 7)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import timedelta

import pytest

from tests.conftest import make_spec
from tests.polling.test_poller import Clock
from tests.statusserver import Route, StatusServer
from trayapp import sources
from trayapp.core.model import ProviderSpec, Snapshot, State
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.poller import Poller

SUMMARY = "/api/v2/summary.json"


def polls(specs, steps: list[Callable[[Poller], object]], clock: Clock, interval=60.0, **kw):
    """Run ``steps`` in order against one poller; each returns a snapshot or does something."""

    async def run():
        async with make_client() as client:
            poller = Poller(
                specs,
                Fetcher(
                    client,
                    deadline=kw.pop("fetch_deadline", 2.0),
                    monotonic=clock.monotonic,
                    wall=clock.wall,
                ),
                interval,
                clock=clock,
                monotonic=clock.monotonic,
                **kw,
            )
            results = []
            for step in steps:
                result = step(poller)
                if asyncio.iscoroutine(result):
                    result = await result
                results.append(result)
            return results

    return asyncio.run(run())


def poll(forced: bool = False) -> Callable[[Poller], object]:
    return lambda poller: poller.poll(forced=forced)


def do(action: Callable[[], object]) -> Callable[[Poller], object]:
    return lambda poller: action()


def only(snapshot: Snapshot):
    (status,) = snapshot.providers
    return status


def test_a_huge_retry_after_neither_sinks_the_poll_nor_silences_the_provider(
    server: StatusServer,
):
    busy = make_spec("statuspage", server.url + "/busy", id="busy")
    fine = make_spec("statuspage", server.url + "/fine", id="fine")
    server.set(
        "/busy" + SUMMARY,
        Route(status=429, body=b"{}", headers={"Retry-After": "100000000000000"}),
    )
    server.set_fixture("/fine" + SUMMARY, "statuspage/healthy.json")
    clock = Clock()
    heal = lambda: server.set_fixture("/busy" + SUMMARY, "statuspage/healthy.json")
    results = polls(
        [busy, fine],
        [poll(), do(heal), do(lambda: clock.advance(3601)), poll(forced=True)],
        clock,
    )
    first, last = results[0], results[-1]
    assert first.provider("fine").state is State.OPERATIONAL
    assert first.provider("busy").state is State.UNKNOWN
    assert "asked to wait 3600 s" in first.provider("busy").error
    # A year-long (or 10^14 s) wait is an hour at most: "Refresh now" then asks again.
    assert last.provider("busy").state is State.OPERATIONAL
    assert server.hits["/busy" + SUMMARY] == 2


def test_a_clock_stepped_back_does_not_keep_a_failing_provider_green(server: StatusServer):
    spec = make_spec("statuspage", server.url)
    server.set_fixture(SUMMARY, "statuspage/healthy.json")
    clock = Clock()

    def step_back_and_break():
        server.set(SUMMARY, Route(status=500, body=b"x"))
        clock.now -= timedelta(hours=1)  # NTP or a restored VM

    steps = [poll(), do(step_back_and_break)]
    for _ in range(5):
        steps += [do(lambda: clock.advance(60)), poll()]
    results = [r for r in polls([spec], steps, clock) if isinstance(r, Snapshot)]
    states = [only(r).state for r in results]
    assert states[0] is State.OPERATIONAL
    # Good data ages on the monotonic clock: three intervals later it is unknown, not green.
    assert states[-1] is State.UNKNOWN
    # And the page is asked again on every poll (the first failure does not back off; later
    # ones back off on the monotonic clock, never for an hour of wall time).
    assert server.hits[SUMMARY] >= 4


def test_after_a_resume_every_provider_is_asked_again_and_old_data_is_not_trusted(
    server: StatusServer,
):
    spec = make_spec("statuspage", server.url)
    server.set_fixture(SUMMARY, "statuspage/outage.json")
    clock = Clock()
    partials: list[Snapshot] = []

    def suspend():
        server.set(SUMMARY, Route(status=500, body=b"x"))
        clock.now += timedelta(hours=3)  # asleep: wall time moves, monotonic time does not
        clock.mono += 5

    results = polls(
        [spec],
        [
            poll(),
            do(suspend),
            lambda p: p.poll(grace=0.0, on_partial=partials.append),
        ],
        clock,
    )
    before, after = results[0], results[-1]
    assert only(before).state is State.MAJOR_OUTAGE
    # The outage seen before the suspend is not shown as current, and the page was asked again.
    assert only(after).state is State.UNKNOWN
    assert only(after).error.endswith("answered HTTP 500")
    assert server.hits[SUMMARY] == 2


def test_after_a_clock_jump_the_page_is_asked_even_while_its_max_age_covers_it(
    server: StatusServer,
):
    fresh = {"Cache-Control": "max-age=300"}
    server.set_statuspage("", "statuspage/healthy.json", headers=fresh)
    clock = Clock()

    def outage_and_step_back():
        server.set_statuspage("", "statuspage/outage.json", headers=fresh)
        clock.now -= timedelta(hours=1)  # NTP or a restored VM; a minute of monotonic time
        clock.mono += 60

    spec = make_spec("statuspage", server.url)
    results = polls([spec], [poll(), do(outage_and_step_back), poll()], clock)
    assert only(results[0]).state is State.OPERATIONAL
    # Both clocks still call the kept answers fresh; the poll after the jump asks anyway.
    assert only(results[-1]).state is State.MAJOR_OUTAGE
    assert server.hits[SUMMARY] == 2 and server.hits["/api/v2/status.json"] == 2


def test_an_unexpected_error_costs_one_provider_and_the_others_are_published(
    server: StatusServer, monkeypatch: pytest.MonkeyPatch
):
    broken = make_spec("statuspage", server.url + "/broken", id="broken")
    fine = make_spec("instatus", server.url + "/fine", id="fine")
    server.set_fixture("/broken" + SUMMARY, "statuspage/healthy.json")
    server.set_fixture("/fine/summary.json", "instatus/up.json")
    original = sources.read

    def read(spec: ProviderSpec, documents, now):
        if spec.id == "broken":
            raise KeyError("a bug in a parser")
        return original(spec, documents, now)

    monkeypatch.setattr(sources, "read", read)
    (snapshot,) = polls([broken, fine], [poll()], Clock())
    assert snapshot.provider("fine").state is State.OPERATIONAL
    assert snapshot.provider("broken").state is State.UNKNOWN
    assert "internal error" in snapshot.provider("broken").error


def test_pages_that_never_answer_cost_one_poll_deadline(server: StatusServer):
    server.fallback = Route(behaviour="hang")
    specs = [make_spec("statuspage", f"{server.url}/p{i}", id=f"p{i}") for i in range(33)]
    started = time.monotonic()
    (snapshot,) = polls(specs, [poll()], Clock(), fetch_deadline=30.0, deadline=1.5)
    assert time.monotonic() - started < 4
    assert all(p.state is State.UNKNOWN for p in snapshot.providers)
    assert all("timed out (no answer within 1.5 s)" in (p.error or "") for p in snapshot.providers)


def test_a_hanging_server_does_not_make_pages_elsewhere_wait(server: StatusServer):
    # Twelve incident.io pages on one server that hangs: 24 requests, more than the whole pool
    # of an earlier version, where the healthy page waited 2 s for a slot and timed out at 1.5 s.
    for i in range(12):
        server.set(f"/slow{i}" + SUMMARY, Route(behaviour="hang"))
        server.set(
            f"/slow{i}/proxy/127.0.0.1:{server.url.rsplit(':', 1)[1]}", Route(behaviour="hang")
        )
    slow = [make_spec("incidentio", f"{server.url}/slow{i}", id=f"slow{i}") for i in range(12)]
    with StatusServer() as elsewhere:
        elsewhere.set_fixture("/fine" + SUMMARY, "statuspage/healthy.json")
        fine = make_spec("statuspage", elsewhere.url + "/fine", id="fine")
        (snapshot,) = polls([*slow, fine], [poll()], Clock(), fetch_deadline=2.0, deadline=1.5)
    assert snapshot.provider("fine").state is State.OPERATIONAL
    assert all(snapshot.provider(s.id).state is State.UNKNOWN for s in slow)
    # The hanging server was asked sixteen things at once, not all 24.
    assert sum(server.hits.values()) == 16


def test_many_hanging_servers_do_not_crowd_out_a_healthy_one():
    # Ten servers that never answer, four pages each: forty requests, more than an earlier
    # version's 16 slots, which left the healthy page (listed last) unasked at the deadline.
    hanging = [StatusServer() for _ in range(10)]
    with StatusServer() as healthy:
        for one in hanging:
            one.fallback = Route(behaviour="hang")
            one.__enter__()
        try:
            healthy.set_fixture("/fine" + SUMMARY, "statuspage/healthy.json")
            specs = [
                make_spec("statuspage", f"{one.url}/p{i}", id=f"h{n}p{i}")
                for n, one in enumerate(hanging)
                for i in range(4)
            ]
            specs.append(make_spec("statuspage", healthy.url + "/fine", id="fine"))
            (snapshot,) = polls(specs, [poll()], Clock(), fetch_deadline=2.0, deadline=1.5)
        finally:
            for one in hanging:
                one.stop()
    assert snapshot.provider("fine").state is State.OPERATIONAL
    assert sum(p.state is State.UNKNOWN for p in snapshot.providers) == 40
