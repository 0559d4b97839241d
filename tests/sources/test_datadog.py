"""Datadog Status Pages (OpenRouter)."""

from __future__ import annotations

import pytest

from tests.conftest import NOW, load_fixture, make_spec
from tests.sources.reading import status_of
from trayapp import sources
from trayapp.core.model import State
from trayapp.sources import datadog

OPENROUTER = make_spec("datadog", "https://status.openrouter.ai", name="OpenRouter")


def test_endpoint_is_config_json():
    assert [e.url for e in datadog.endpoints(OPENROUTER)] == [
        "https://status.openrouter.ai/config.json"
    ]


def test_healthy_page_with_resolved_incidents_and_null_maintenances():
    status = status_of(OPENROUTER, "datadog/healthy.json")
    assert status.state is State.OPERATIONAL
    assert status.incidents == ()
    assert [c.name for c in status.components][:2] == [
        "Chat (/api/v1/chat/completions)",
        "Video (/api/v1/videos)",
    ]
    assert status.components[0].group == "API - Gateway"
    assert status.components[-1].group is None


def test_open_incident_reads_the_newest_timeline_entry():
    status = status_of(OPENROUTER, "datadog/outage.json")
    assert status.state is State.MAJOR_OUTAGE
    incident = status.incidents[0]
    assert incident.title == "Chat completions failing"
    assert incident.impact is State.MAJOR_OUTAGE
    assert incident.status == "identified"
    assert incident.latest_update.startswith("We identified a faulty upstream route")
    assert incident.url == (
        "https://status.openrouter.ai/incidents/5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f"
    )
    chat_only = make_spec("datadog", OPENROUTER.url, components=("Chat",))
    assert status_of(chat_only, "datadog/outage.json").state is State.MAJOR_OUTAGE
    web_only = make_spec("datadog", OPENROUTER.url, components=("Web & Application Services",))
    assert status_of(web_only, "datadog/outage.json").state is State.OPERATIONAL


def test_open_incident_on_recovered_components_is_still_degraded_and_maintenance_shows():
    status = status_of(OPENROUTER, "datadog/monitoring_maintenance.json")
    assert status.state is State.DEGRADED
    assert status.incidents[0].status == "monitoring"
    assert [(m.title, m.status) for m in status.maintenances] == [
        ("Gateway upgrade", "in_progress")
    ]


def test_a_document_without_the_maintenances_key_is_not_a_datadog_page():
    doc = load_fixture("datadog/healthy.json")
    del doc["maintenances"]
    with pytest.raises(sources.SourceFormatError, match="maintenances"):
        sources.read(OPENROUTER, [doc], NOW)
