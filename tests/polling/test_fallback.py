"""Fallback URLs and bot checks, with the real poller against real loopback servers: the main
host answers like status.claude.com (a CloudFront 405 CAPTCHA), the origin serves the page."""

from __future__ import annotations

import asyncio
import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from tests.conftest import make_spec
from tests.polling.test_challenge import AWS_CAPTCHA
from tests.polling.test_poller import Clock
from tests.statusserver import Route, StatusServer, fixture
from trayapp.core.model import ProviderSpec, Reason, Snapshot, State
from trayapp.core.urls import host_of
from trayapp.polling.fetch import Fetcher, make_client
from trayapp.polling.poller import Poller

SUMMARY = "/api/v2/summary.json"
CHALLENGE = Route(
    status=405,
    body=gzip.compress(AWS_CAPTCHA),
    content_type="text/html",
    headers={"Content-Encoding": "gzip", "x-amzn-waf-action": "captcha", "x-cache": "Error from cloudfront"},
)  # fmt: skip


@pytest.fixture
def origin() -> Iterator[StatusServer]:
    with StatusServer() as s:
        yield s


def polls(
    specs: list[ProviderSpec],
    steps: list[Callable[[], None]],
    interval: float = 60.0,
    clock: Clock | None = None,
) -> tuple[list[Snapshot], Poller]:
    clock = clock or Clock()

    async def run() -> tuple[list[Snapshot], Poller]:
        async with make_client() as client:
            poller = Poller(
                specs,
                Fetcher(client, deadline=2.0),
                interval,
                clock=clock,
                monotonic=clock.monotonic,
            )
            results = []
            for step in steps:
                step()
                results.append(await poller.poll())
                clock.advance(interval)
            return results, poller

    return asyncio.run(run())


def claude(server: StatusServer, origin: StatusServer) -> ProviderSpec:
    return make_spec(
        "statuspage", server.url + "/main", id="claude", fallback_urls=(origin.url + "/page",)
    )


def test_the_origin_is_read_when_the_main_host_answers_a_cloudfront_405_challenge(
    server: StatusServer, origin: StatusServer
):
    server.set("/main" + SUMMARY, CHALLENGE)
    origin.set_fixture("/page" + SUMMARY, "statuspage/outage.json")
    spec = claude(server, origin)
    results, _poller = polls([spec], [lambda: None] * 4)
    for snapshot in results:
        status = snapshot.provider("claude")
        assert status is not None
        assert status.state is State.MAJOR_OUTAGE  # what the page says, every poll
        assert status.error is None and status.unknown_reason is None
        assert status.status_page == spec.url  # the link users see stays the main URL
        assert status.read_from == host_of(origin.url)
        assert status.notes[:2] == (
            f"read from {host_of(origin.url)}",
            f"{host_of(server.url)}: the page answered with a bot check (HTTP 405, AWS WAF)",
        )
    # The challenged host rests (15 minutes and more); the origin is read every poll.
    assert server.hits["/main" + SUMMARY] == 1
    assert origin.hits["/page" + SUMMARY] == 4


def test_the_main_url_is_asked_again_after_its_rest_and_read_when_it_answers(
    server: StatusServer, origin: StatusServer
):
    origin.set_fixture("/page" + SUMMARY, "statuspage/outage.json")
    challenged = lambda: server.set("/main" + SUMMARY, CHALLENGE)
    answering = lambda: server.set_fixture("/main" + SUMMARY, "statuspage/healthy.json")
    results, _poller = polls([claude(server, origin)], [challenged] + [answering] * 20)
    main = [status for r in results if (status := r.provider("claude")) is not None]
    assert main[0].read_from is not None and main[1].read_from is not None
    assert main[-1].read_from is None and main[-1].state is State.OPERATIONAL
    assert not any(n.startswith("read from") for n in main[-1].notes)
    # Asked once challenged, then not before 15 minutes had passed, then every poll.
    back = next(i for i, status in enumerate(main) if status.read_from is None)
    assert back >= 15 and server.hits["/main" + SUMMARY] == 1 + len(main) - back


@pytest.mark.parametrize(
    "route",
    [
        Route(status=404, body=b"not here", content_type="text/plain"),
        Route(status=403, body=b'{"message": "forbidden"}'),
        Route(body=b"<!DOCTYPE html><html><body>Status</body></html>", content_type="text/html"),
    ],
    ids=["404", "403", "html-200"],
)
def test_a_4xx_or_an_html_page_falls_back_too(
    server: StatusServer, origin: StatusServer, route: Route
):
    server.set("/main" + SUMMARY, route)
    origin.set_fixture("/page" + SUMMARY, "statuspage/outage.json")
    results, _poller = polls([claude(server, origin)], [lambda: None])
    status = results[0].provider("claude")
    assert status is not None and status.state is State.MAJOR_OUTAGE
    assert status.read_from == host_of(origin.url)


def test_server_errors_and_timeouts_are_not_a_reason_to_go_elsewhere(
    server: StatusServer, origin: StatusServer
):
    server.set("/main" + SUMMARY, Route(status=500, body=b"oops", content_type="text/plain"))
    origin.set_fixture("/page" + SUMMARY, "statuspage/outage.json")
    results, _poller = polls([claude(server, origin)], [lambda: None])
    status = results[0].provider("claude")
    assert status is not None and status.state is State.UNKNOWN
    assert status.error is not None and status.error.endswith("answered HTTP 500")
    assert status.unknown_reason is Reason.BROKEN
    assert origin.hits["/page" + SUMMARY] == 0


def test_links_built_from_the_base_url_lead_to_the_main_page(
    server: StatusServer, origin: StatusServer
):
    page = json.loads(fixture("statuspage/outage.json"))
    for incident in page["incidents"]:
        incident["shortlink"] = None
    server.set("/main" + SUMMARY, CHALLENGE)
    origin.set_json("/page" + SUMMARY, page)
    spec = claude(server, origin)
    results, _poller = polls([spec], [lambda: None])
    status = results[0].provider("claude")
    assert status is not None and status.incidents
    assert all((i.url or "").startswith(spec.url + "/incidents/") for i in status.incidents)


def test_a_bot_check_everywhere_is_unknown_blocked_and_backs_off_for_15_minutes(
    server: StatusServer, origin: StatusServer
):
    server.set("/main" + SUMMARY, CHALLENGE)
    server.set("/alone" + SUMMARY, CHALLENGE)
    origin.set("/page" + SUMMARY, CHALLENGE)
    alone = make_spec("statuspage", server.url + "/alone", id="alone")
    both = claude(server, origin)
    clock = Clock()
    results, poller = polls([alone, both], [lambda: None] * 12, interval=60, clock=clock)
    for pid in ("alone", "claude"):
        status = results[-1].provider(pid)
        assert status is not None and status.state is State.UNKNOWN
        assert status.unknown_reason is Reason.BLOCKED
        assert "answered with a bot check" in (status.error or "")
        assert "not a" not in (status.error or "") and "look like" not in (status.error or "")
    # Twelve polls a minute apart: each challenged URL was asked once, not every 30 s.
    assert server.hits["/alone" + SUMMARY] == 1
    assert server.hits["/main" + SUMMARY] == 1 and origin.hits["/page" + SUMMARY] == 1
    waits = poller.not_before()
    assert min(waits.values()) > clock.now  # still waiting after 12 minutes


def test_a_provider_without_a_type_is_found_on_its_origin(
    server: StatusServer, origin: StatusServer
):
    server.fallback = CHALLENGE  # every path of the main host is behind the wall
    origin.set_fixture("/page" + SUMMARY, "statuspage/outage.json")
    spec = replace(claude(server, origin), type="auto")
    results, _poller = polls([spec], [lambda: None] * 2)
    status = results[-1].provider("claude")
    assert status is not None and status.state is State.MAJOR_OUTAGE
    assert status.source_type == "statuspage" and status.status_page == spec.url


def test_the_log_names_the_urls_that_turned_us_away_without_their_credentials_or_tokens(
    server: StatusServer, origin: StatusServer, caplog: pytest.LogCaptureFixture
):
    # A feed's own URL keeps its query; a page may need a user and password.
    server.set("/feed.rss", CHALLENGE)
    origin.set("/other.rss", Route(status=404, body=b"not here", content_type="text/plain"))
    main = server.url.replace("://", "://me:MAINPASS@") + "/feed.rss?token=MAINTOKEN"
    fallback = origin.url.replace("://", "://you:FALLBACKPASS@") + "/other.rss?key=FALLBACKKEY"
    spec = make_spec("feed", main, id="feed", fallback_urls=(fallback,))
    with caplog.at_level("INFO", logger="trayapp.polling.fallback"):
        results, _poller = polls([spec], [lambda: None])
    status = results[0].provider("feed")
    assert status is not None and status.state is State.UNKNOWN
    assert server.last_headers["/feed.rss"]["Authorization"].startswith("Basic ")  # still sent
    turned_away = [r.getMessage() for r in caplog.records if "turned us away" in r.getMessage()]
    assert [line.split()[0] for line in turned_away] == [
        server.url + "/feed.rss",
        origin.url + "/other.rss",
    ]
    for secret in ("MAINPASS", "MAINTOKEN", "FALLBACKPASS", "FALLBACKKEY"):
        assert secret not in caplog.text
