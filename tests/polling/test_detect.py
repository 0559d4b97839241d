"""Reading pages over real loopback HTTP: optional documents, detection and moves."""

from __future__ import annotations

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
    assert status.notes == (incidentio.SUMMARY_MISSING,)
    assert status.incidents[0].title == "Slow answers in the Perplexity app"


def test_incidentio_reads_the_summary_when_the_proxy_is_missing(server: StatusServer):
    spec = make_spec("incidentio", server.url)
    server.set_fixture("/api/v2/summary.json", "incidentio/compat_with_incidents.json")
    status = run_polls(server, [spec], [lambda: None])[0].providers[0]
    assert status.state is State.PARTIAL_OUTAGE
    assert status.notes == (incidentio.PROXY_MISSING,)
    assert status.incidents[0].title == "Elevated errors in ChatGPT conversations"


def test_incidentio_is_unknown_only_when_neither_document_answers(server: StatusServer):
    spec = make_spec("incidentio", server.url)
    server.set("/api/v2/summary.json", Route(status=404, body=b"no"))
    status = run_polls(server, [spec], [lambda: None])[0].providers[0]
    assert status.state is State.UNKNOWN
    assert "HTTP 404" in (status.error or "")
