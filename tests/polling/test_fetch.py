"""The fetcher against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest

from tests.statusserver import Route, StatusServer
from trayapp.core.model import Endpoint, FailureKind
from trayapp.polling.fetch import USER_AGENT, Fetcher, FetchError, make_client, parse_retry_after


def get(url: str, kind: str = "json", **kw):
    async def run():
        async with make_client() as client:
            return await Fetcher(client, **kw).get(Endpoint(url, kind))  # type: ignore[arg-type]

    return asyncio.run(run())


def failure(url: str, **kw) -> FetchError:
    with pytest.raises(FetchError) as info:
        get(url, **kw)
    return info.value


def test_json_document_with_a_descriptive_user_agent(server: StatusServer):
    server.set_json("/ok", {"a": 1})
    assert get(server.url + "/ok") == {"a": 1}
    assert server.user_agents["/ok"] == USER_AGENT
    assert USER_AGENT.startswith("ai-status-tray/0.1.0 (")


def test_html_pages_are_refused_and_a_challenge_is_named(server: StatusServer):
    challenge = (
        b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>cf</body></html>"
    )
    plain = b"<!DOCTYPE html><html><head><title>Status</title></head><body>up</body></html>"
    server.set("/html200", Route(body=plain, content_type="text/html"))
    server.set("/chal200", Route(body=challenge, content_type="text/html"))
    server.set("/html403", Route(body=plain, status=403, content_type="text/html; charset=utf-8"))
    ok_type_html = failure(server.url + "/html200")
    assert "HTML page instead of JSON" in ok_type_html.message
    assert ok_type_html.kind is FailureKind.CONTENT
    assert ok_type_html.html and not ok_type_html.challenge
    assert "bot challenge" in failure(server.url + "/html403").message
    named = failure(server.url + "/chal200")
    assert named.message.endswith("the page answered with a bot check (HTTP 200, Cloudflare)")
    assert named.challenge


def test_429_carries_retry_after(server: StatusServer):
    server.set("/busy", Route(body=b"{}", status=429, headers={"Retry-After": "120"}))
    err = failure(server.url + "/busy")
    assert err.retry_after == 120
    assert "HTTP 429 (rate limited); asked to wait 120 s" in err.message
    assert err.kind is FailureKind.HTTP


def test_500(server: StatusServer):
    server.set("/boom", Route(body=b"oops", status=500, content_type="text/plain"))
    assert failure(server.url + "/boom").message.endswith("answered HTTP 500")


def test_truncated_body(server: StatusServer):
    server.set("/cut", Route(body=b'{"status": {"indicator": "none"}', behaviour="truncate"))
    err = failure(server.url + "/cut")
    assert "before sending a complete response" in err.message


@pytest.mark.parametrize("declare", ["yes", "no"])
def test_huge_body_stops_at_the_cap(server: StatusServer, declare: str):
    server.set("/huge", Route(behaviour="huge", headers={"declare-length": declare}))
    started = time.monotonic()
    err = failure(server.url + "/huge")
    assert "sent more than 5 MB; stopped reading" in err.message
    assert time.monotonic() - started < 5


def test_server_that_never_answers_costs_at_most_the_deadline(server: StatusServer):
    server.set("/hang", Route(behaviour="hang"))
    started = time.monotonic()
    err = failure(server.url + "/hang", deadline=1.5)
    assert time.monotonic() - started < 3
    assert err.kind is FailureKind.NETWORK
    assert "timed out (no answer within 1.5 s)" in err.message


def test_slow_drip_is_cut_by_the_overall_deadline(server: StatusServer):
    server.set("/drip", Route(body=b'{"a": "' + b"x" * 100 + b'"}', behaviour="drip"))
    started = time.monotonic()
    failure(server.url + "/drip", deadline=1.5)
    assert time.monotonic() - started < 3


def test_refused_port():
    with StatusServer() as s:
        url = s.url
    err = failure(url + "/x")
    assert err.kind is FailureKind.NETWORK
    assert "refused the connection" in err.message


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("ftp://127.0.0.1/x", "unsupported scheme 'ftp'"),
        ("http://example.com/x", "plain http is allowed only for loopback hosts"),
    ],
)
def test_redirect_to_another_scheme_is_refused(server: StatusServer, location: str, expected: str):
    server.set("/moved", Route(status=301, headers={"Location": location}, body=b""))
    err = failure(server.url + "/moved")
    assert expected in err.message
    assert err.kind is FailureKind.HTTP


def test_redirect_within_loopback_is_followed(server: StatusServer):
    server.set("/old", Route(status=301, headers={"Location": "/new"}, body=b""))
    server.set_json("/new", {"moved": True})
    assert get(server.url + "/old") == {"moved": True}


def test_remote_plain_http_is_refused_before_any_request():
    err = failure("http://status.example.com/api/v2/summary.json")
    assert err.kind is FailureKind.CONFIG


def test_conditional_get_reuses_the_last_document_on_304(server: StatusServer):
    server.set_json("/tagged", {"v": 1}, etag='"abc"')

    async def run():
        async with make_client() as client:
            fetcher = Fetcher(client)
            first = await fetcher.get(Endpoint(server.url + "/tagged"))
            second = await fetcher.get(Endpoint(server.url + "/tagged"))
            return first, second

    first, second = asyncio.run(run())
    assert first == second == {"v": 1}
    assert server.hits["/tagged"] == 2
    assert server.conditional_hits["/tagged"] == 1


def test_dtd_in_a_feed_is_refused(server: StatusServer):
    bomb = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><rss><channel/></rss>'
    server.set("/feed", Route(body=bomb, content_type="application/xml"))
    assert "DTD" in failure(server.url + "/feed", kind="xml").message


def test_a_feed_labelled_text_html_is_still_read_but_an_html_page_is_not(server: StatusServer):
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
    server.set("/feed", Route(body=feed, content_type="text/html; charset=utf-8"))
    assert get(server.url + "/feed", kind="xml").tag == "rss"
    server.set("/page", Route(body=b"<html><body>Sign in</body></html>", content_type="text/html"))
    assert "HTML page instead of XML" in failure(server.url + "/page", kind="xml").message


def test_a_retry_after_date_is_read_on_the_fetcher_s_clock(server: StatusServer):
    # A replay's day (the demo): "wait until 12:02" is two minutes from its 12:00.
    until = "Fri, 20 Nov 2026 12:02:00 GMT"
    server.set("/busy", Route(body=b"{}", status=503, headers={"Retry-After": until}))
    noon = datetime(2026, 11, 20, 12, 0, tzinfo=UTC).timestamp()
    assert failure(server.url + "/busy", wall=lambda: noon).retry_after == 120


def test_retry_after_parsing():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Fri, 20 Nov 2026 12:02:00 GMT", now) == 120
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None
