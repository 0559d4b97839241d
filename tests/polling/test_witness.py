"""Statuspage's status.json as the cheap look: the summary is downloaded only when it changed,
and never kept green by a witness that does not vouch for it. Real loopback server."""

from __future__ import annotations

from tests.conftest import make_spec
from tests.polling.test_conditional import fetches, same
from tests.polling.test_poller import Clock
from tests.statusserver import Route, StatusServer, fixture
from trayapp.polling.fetch import FetchError
from trayapp.polling.witness import MISSING_FOR, RECHECK_EVERY
from trayapp.sources import statuspage

SUMMARY, STATUS = "/api/v2/summary.json", "/api/v2/status.json"


def endpoint(server: StatusServer):
    return statuspage.endpoints(make_spec("statuspage", server.url))[0]


def indicator(document: object) -> str:
    assert isinstance(document, dict)
    return str(document["status"]["indicator"])


def test_the_summary_is_downloaded_once_while_status_json_says_nothing_changed(
    server: StatusServer,
):
    server.set_statuspage("", "statuspage/healthy.json")
    looks = int(RECHECK_EVERY // 60) * 2  # ten minutes, a look a minute
    results = fetches([same] * looks, endpoint(server), Clock())
    assert all(indicator(r) == "none" for r in results)
    assert server.hits[STATUS] == looks and server.conditional_hits[STATUS] == looks - 1
    # Downloaded once; asked again (conditionally, a 304) every five minutes.
    assert server.hits[SUMMARY] == 2 and server.conditional_hits[SUMMARY] == 1
    summary_size = len(fixture("statuspage/healthy.json"))
    assert server.body_bytes[SUMMARY] < summary_size  # once, and gzipped


def test_a_change_is_read_on_the_next_look(server: StatusServer):
    server.set_statuspage("", "statuspage/healthy.json")
    outage = lambda: server.set_statuspage("", "statuspage/outage.json")
    results = fetches([same, same, outage, same], endpoint(server), Clock())
    assert [indicator(r) for r in results] == ["none", "none", "critical", "critical"]
    assert server.hits[SUMMARY] == 2


def test_a_witness_newer_than_its_summary_does_not_vouch_for_it(server: StatusServer):
    # A CDN still serves yesterday's summary while status.json already says "critical": the
    # summary is read again on every look until the two agree.
    server.set_statuspage("", "statuspage/healthy.json")
    stale = fixture("statuspage/healthy.json")

    def witness_ahead() -> None:
        server.set_statuspage("", "statuspage/outage.json")
        server.set(SUMMARY, Route(body=stale, etag='"old"'))

    caught_up = lambda: server.set_statuspage("", "statuspage/outage.json")
    steps = [same, witness_ahead, same, same, caught_up, same, same]
    results = fetches(steps, endpoint(server), Clock())
    assert [indicator(r) for r in results] == ["none"] * 4 + ["critical"] * 3
    # Asked at every look from the change until they agree, then left alone again.
    assert server.hits[SUMMARY] == 5


def test_a_page_without_status_json_is_read_from_its_summary_alone(server: StatusServer):
    server.set(SUMMARY, Route(body=fixture("statuspage/healthy.json"), etag='"s"'))
    results = fetches([same] * 5, endpoint(server), Clock())
    assert all(indicator(r) == "none" for r in results)
    assert server.hits[STATUS] == 1  # 404: not asked again for an hour
    assert server.hits[SUMMARY] == 5 and server.conditional_hits[SUMMARY] == 4
    assert MISSING_FOR >= 3600


def test_a_failing_witness_costs_nothing_but_itself(server: StatusServer):
    server.set_statuspage("", "statuspage/healthy.json")
    broken = lambda: server.set(STATUS, Route(status=503, body=b"busy"))
    outage = lambda: server.set_statuspage("", "statuspage/outage.json")
    results = fetches([same, broken, outage], endpoint(server), Clock())
    assert not any(isinstance(r, FetchError) for r in results)
    assert [indicator(r) for r in results] == ["none", "none", "critical"]
    assert server.hits[STATUS] == 3  # a 503 is not "missing": asked again next time


def test_a_forced_look_asks_both_documents_whatever_max_age_and_the_witness_say(
    server: StatusServer,
):
    fresh = {"Cache-Control": "max-age=300"}
    server.set_statuspage("", "statuspage/healthy.json", headers=fresh)
    outage = lambda: server.set_statuspage("", "statuspage/outage.json", headers=fresh)
    results = fetches([same, same, same, outage], endpoint(server), Clock(), forced={2, 3})
    assert [indicator(r) for r in results] == ["none", "none", "none", "critical"]
    # The second look asked nobody (max-age); the forced ones asked both, conditionally.
    assert server.hits[STATUS] == 3 and server.conditional_hits[STATUS] == 1
    assert server.hits[SUMMARY] == 3 and server.conditional_hits[SUMMARY] == 1
