from __future__ import annotations

from tests.conftest import NOW, load_fixture, make_spec
from trayapp import sources
from trayapp.core.aggregate import provider_status
from trayapp.core.model import State
from trayapp.sources import incidentio

OPENAI = make_spec(
    "incidentio", "https://status.openai.com", components=("ChatGPT", "APIs", "Sora")
)


def read(case: str, spec=OPENAI):
    docs = [
        load_fixture(f"incidentio/compat_{case}.json"),
        load_fixture(f"incidentio/proxy_{case}.json"),
    ]
    return provider_status(spec, sources.read(spec, docs, NOW), NOW)


def test_endpoints_are_the_compatible_summary_and_the_proxy():
    urls = [e.url for e in incidentio.endpoints(OPENAI)]
    assert urls == [
        "https://status.openai.com/api/v2/summary.json",
        "https://status.openai.com/proxy/status.openai.com",
    ]


def test_healthy():
    status = read("healthy")
    assert status.state is State.OPERATIONAL
    assert {c.group for c in status.components} == {"ChatGPT", "APIs", "Sora"}


def test_full_outage_is_a_major_outage_with_the_incident_from_the_proxy():
    status = read("outage")
    assert status.state is State.MAJOR_OUTAGE
    incident = status.incidents[0]
    assert incident.title == "ChatGPT unavailable for all users"
    assert incident.impact is State.MAJOR_OUTAGE
    assert incident.latest_update == "We are investigating errors in ChatGPT and the API."
    assert incident.url == "https://status.openai.com/incidents/01JOUT"
    assert set(incident.components) == {"Conversations", "Chat Completions"}


def test_fine_tuning_left_out_of_scope_stays_green_but_counts_when_watched():
    narrow = make_spec(
        "incidentio", "https://status.openai.com", components=("ChatGPT", "Chat Completions")
    )
    assert read("finetuning", narrow).state is State.OPERATIONAL
    assert read("finetuning", OPENAI).state is State.DEGRADED  # APIs group includes Fine-tuning
    assert read("finetuning", make_spec("incidentio")).state is State.DEGRADED


def read_docs(spec, compat, proxy):
    docs = [load_fixture(compat) if compat else None, load_fixture(proxy) if proxy else None]
    reading = sources.read(spec, docs, NOW)
    return reading, provider_status(spec, reading, NOW)


def test_both_documents_are_optional_endpoints():
    assert all(e.optional for e in incidentio.endpoints(OPENAI))


def test_the_compatible_summary_alone_gives_components_incidents_and_impact():
    spec = make_spec("incidentio", "https://status.openai.com")
    reading, status = read_docs(spec, "incidentio/compat_with_incidents.json", None)
    assert status.state is State.PARTIAL_OUTAGE
    incident = status.incidents[0]
    assert incident.title == "Elevated errors in ChatGPT conversations"
    assert incident.status == "identified"
    assert incident.latest_update == "A fix is being rolled out."
    assert incident.url == "https://status.openai.com/incidents/01KQCONV0000000000000000AB"
    assert reading.notes == (incidentio.proxy_missing(),)


def test_the_proxy_alone_reads_a_page_whose_summary_api_is_off():
    spec = make_spec("incidentio", "https://status.perplexity.com", components=("App",))
    reading, status = read_docs(spec, None, "incidentio/proxy_perplexity.json")
    assert [c.name for c in reading.components] == ["Website", "App", "Computer"]
    assert status.state is State.DEGRADED
    assert status.incidents[0].title == "Slow answers in the Perplexity app"
    assert reading.notes == (incidentio.summary_missing(),)
    website = make_spec("incidentio", "https://status.perplexity.com", components=("Website",))
    assert read_docs(website, None, "incidentio/proxy_perplexity.json")[1].state is (
        State.OPERATIONAL
    )


def test_neither_document_is_unreadable():
    import pytest

    with pytest.raises(sources.SourceFormatError, match="neither"):
        sources.read(OPENAI, [None, None], NOW)
