"""Reading pages over real loopback HTTP: optional documents, detection and moves."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import make_spec
from tests.polling.test_poller import run_polls
from tests.statusserver import Route, StatusServer
from trayapp.core.model import State
from trayapp.sources import incidentio


def test_incidentio_reads_the_proxy_when_the_summary_api_is_switched_off(server: StatusServer):
    spec = make_spec("incidentio", server.url, components=("App",))
    host = server.url.split("//", 1)[1]
    server.set_fixture(f"/proxy/{host}", "incidentio/proxy_perplexity.json")
    status = run_polls(server, [spec], [lambda: None])[0].providers[0]
    assert status.state is State.DEGRADED
    assert status.notes == (incidentio.summary_missing(),)
    assert status.incidents[0].title == "Slow answers in the Perplexity app"


def test_incidentio_reads_the_summary_when_the_proxy_is_missing(server: StatusServer):
    spec = make_spec("incidentio", server.url)
    server.set_fixture("/api/v2/summary.json", "incidentio/compat_with_incidents.json")
    status = run_polls(server, [spec], [lambda: None])[0].providers[0]
    assert status.state is State.PARTIAL_OUTAGE
    assert status.notes == (incidentio.proxy_missing(),)
    assert status.incidents[0].title == "Elevated errors in ChatGPT conversations"


def test_incidentio_is_unknown_only_when_neither_document_answers(server: StatusServer):
    spec = make_spec("incidentio", server.url)
    server.set("/api/v2/summary.json", Route(status=404, body=b"no"))
    status = run_polls(server, [spec], [lambda: None])[0].providers[0]
    assert status.state is State.UNKNOWN
    assert "HTTP 404" in (status.error or "")


CHECKLY = "/api/status-page/127-0-0-1/"  # the slug derived from the loopback host


def serve_checkly(server: StatusServer, unresolved: str = "unresolved_open") -> None:
    server.set_fixture(CHECKLY + "uptime", "checkly/uptime.json")
    server.set_fixture(CHECKLY + "unresolved-incidents", f"checkly/{unresolved}.json")


def test_a_page_that_moves_to_another_platform_is_found_and_read_there(server: StatusServer):
    spec = make_spec("statuspage", server.url, id="mistral", name="Mistral")

    def statuspage() -> None:
        server.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")

    old_format_hits: list[int] = []

    def moved() -> None:
        server.routes.pop("/api/v2/summary.json", None)
        serve_checkly(server)
        old_format_hits.append(server.hits["/api/v2/summary.json"])

    results = run_polls(server, [spec], [statuspage] + [moved] * 7)
    statuses = [r.providers[0] for r in results]
    assert statuses[0].state is State.OPERATIONAL and statuses[0].source_type == "statuspage"
    final = statuses[-1]
    assert final.state is State.PARTIAL_OUTAGE
    assert final.source_type == "checkly"
    assert final.notes == ("Mistral's status page moved to Checkly; reading it there",)
    assert final.incidents[0].title == "Chat Completions API unavailable"
    # Until the move is found the last reading ages into unknown: never a fresh green.
    for status in statuses[1:]:
        assert status.state is not State.OPERATIONAL or status.error
    # Once found, the page is read the new way without asking the old format again.
    assert old_format_hits[-1] == old_format_hits[-2] == server.hits["/api/v2/summary.json"]


def test_detection_is_remembered_across_runs(server: StatusServer, tmp_path):
    import asyncio

    from tests.conftest import NOW
    from trayapp.polling.detect import PageReader
    from trayapp.polling.detect_cache import DetectionCache
    from trayapp.polling.fetch import Fetcher, make_client

    serve_checkly(server, "unresolved_none")
    spec = make_spec("statuspage", server.url, id="mistral", name="Mistral")
    cache_file = tmp_path / "detected.json"

    async def read_once():
        async with make_client() as client:
            reader = PageReader(Fetcher(client), DetectionCache(cache_file))
            return await reader.read(spec, NOW)

    used, _ = asyncio.run(read_once())
    assert used.type == "checkly"
    probes_before = sum(server.hits.values())
    used, reading = asyncio.run(read_once())
    assert used.type == "checkly"
    assert reading.notes == ("Mistral's status page moved to Checkly; reading it there",)
    # Only the Checkly documents were asked for: no probing the second time.
    assert sum(server.hits.values()) - probes_before == 3


def test_a_page_without_type_is_detected_and_that_is_logged_once_not_noted(
    server: StatusServer, caplog: pytest.LogCaptureFixture
):
    server.set_fixture("/config.json", "datadog/outage.json")
    spec = make_spec("auto", server.url, id="router", name="Router")
    caplog.set_level(logging.INFO)
    snapshots = run_polls(server, [spec], [lambda: None] * 3)
    status = snapshots[-1].providers[0]
    assert status.state is State.MAJOR_OUTAGE
    assert status.source_type == "datadog"
    assert status.notes == ()  # no news: the format was left to the app
    said = [r for r in caplog.records if "platform detected" in r.getMessage()]
    assert [(r.levelno, r.getMessage()) for r in said] == [
        (logging.INFO, "router: platform detected: Datadog Status Pages")
    ]


def test_a_page_in_no_known_format_is_unknown_with_a_clear_reason(server: StatusServer):
    server.fallback = Route(body=b"<html><body>Status</body></html>", content_type="text/html")
    spec = make_spec("auto", server.url, id="odd", name="Odd")
    status = run_polls(server, [spec], [lambda: None])[0].providers[0]
    assert status.state is State.UNKNOWN
    assert "no known status page format answered" in (status.error or "")
    typed = make_spec("statuspage", server.url, id="odd2", name="Odd")
    status = run_polls(server, [typed], [lambda: None])[0].providers[0]
    assert status.state is State.UNKNOWN
    assert "HTML page instead of JSON" in (status.error or "")


def test_a_server_error_is_not_a_move_and_asks_no_other_format(server: StatusServer):
    spec = make_spec("statuspage", server.url, id="claude", name="Claude")
    server.set("/api/v2/summary.json", Route(status=500, body=b"oops"))
    run_polls(server, [spec], [lambda: None] * 4)
    # The summary, and the status.json that stands witness for it: no other format's document.
    assert set(server.hits) == {"/api/v2/summary.json", "/api/v2/status.json"}


def test_an_unreadable_cache_file_is_ignored_and_replaced(tmp_path):
    from tests.conftest import NOW
    from trayapp.polling.detect_cache import DetectionCache

    path = tmp_path / "detected.json"
    path.write_text("{not json")
    spec = make_spec("statuspage", "https://status.example.com", id="x", name="X")
    cache = DetectionCache(path)
    assert cache.recall(spec) is None
    cache.remember(spec, make_spec("checkly", "https://status.example.com"), NOW)
    recalled = DetectionCache(path).recall(spec)
    assert recalled is not None and recalled.type == "checkly" and recalled.id == "x"
    path.write_text('{"https://status.example.com": {"type": "nonsense", "url": 3}}')
    assert DetectionCache(path).recall(spec) is None


def test_a_feed_that_moved_to_another_address_is_found(server: StatusServer):
    server.set_fixture("/feed.rss", "feed/xai.xml")
    spec = make_spec("feed", server.url + "/feed.xml", id="xai", name="Grok")
    status = run_polls(server, [spec], [lambda: None])[0].providers[0]
    assert status.state is State.PARTIAL_OUTAGE
    assert status.notes == (f"Grok's status feed moved to {server.url}/feed.rss; reading it there",)


def test_a_moved_feed_s_note_and_log_and_the_probes_paths_carry_no_credentials(
    server: StatusServer, caplog
):
    server.set_fixture("/feed.rss", "feed/xai.xml")
    url = server.url.replace("://", "://me:SECRET@") + "/feed.xml?token=TOKEN"
    spec = make_spec("feed", url, id="xai", name="Grok")
    with caplog.at_level("INFO", logger="trayapp"):  # httpx's own lines stay off (desktop/logs)
        status = run_polls(server, [spec], [lambda: None])[0].providers[0]
    assert status.state is State.PARTIAL_OUTAGE
    assert status.notes == (f"Grok's status feed moved to {server.url}/feed.rss; reading it there",)
    assert "moved to" in caplog.text
    assert "SECRET" not in caplog.text and "TOKEN" not in caplog.text
    # The probes asked on the way (incident.io's /proxy/<host> among them) name the host alone.
    assert f"/proxy/{server.url.split('//', 1)[1]}" in server.hits
    assert not any("SECRET" in path or "me:" in path for path in server.hits)
