"""Instatus, Google Cloud, Better Stack and feeds, on their fixtures and traps."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import NOW, load_fixture, make_spec
from trayapp import sources
from trayapp.aggregate import provider_status
from trayapp.model import State
from trayapp.sources import feed, instatus

GEMINI = make_spec(
    "gcloud", "https://status.cloud.google.com", product="Z0FZJAMvEB4j3NbCJs6B", name="Gemini"
)


def status_of(spec, *names):
    return provider_status(spec, sources.read(spec, [load_fixture(n) for n in names]), NOW)


def test_instatus_up_with_omitted_arrays():
    status = status_of(make_spec("instatus"), "instatus/up.json")
    assert status.state is State.OPERATIONAL
    assert status.incidents == () and status.maintenances == ()


def test_instatus_incident_impact_and_maintenance():
    down = status_of(make_spec("instatus"), "instatus/hasissues.json")
    assert down.state is State.MAJOR_OUTAGE
    assert down.incidents[0].title == "API errors"
    assert down.incidents[0].status == "investigating"
    maint = status_of(make_spec("instatus"), "instatus/maintenance.json")
    assert maint.state is State.MAINTENANCE
    assert maint.maintenances[0].in_progress


def test_instatus_components_fetched_only_when_watched():
    assert len(instatus.endpoints(make_spec("instatus"))) == 1
    spec = make_spec("instatus", components=("API",))
    assert [e.url for e in instatus.endpoints(spec)][1].endswith("/v3/components.json")
    status = status_of(spec, "instatus/up.json", "instatus/components.json")
    assert status.state is State.PARTIAL_OUTAGE
    assert status.components[0].group == "Platform"


def test_gcloud_filters_by_product_and_open_incidents():
    healthy = status_of(GEMINI, "gcloud/healthy.json")
    assert healthy.state is State.OPERATIONAL
    assert healthy.components[0].name == "Vertex Gemini API"
    outage = status_of(GEMINI, "gcloud/outage.json")
    assert outage.state is State.MAJOR_OUTAGE
    assert [i.title for i in outage.incidents] == ["Gemini API requests fail with 503 errors"]
    assert outage.incidents[0].url == "https://status.cloud.google.com/incidents/gem1"
    assert outage.incidents[0].latest_update == "Mitigation in progress We are rolling back."
    assert status_of(GEMINI, "gcloud/disruption.json").state is State.PARTIAL_OUTAGE


def test_gcloud_other_products_do_not_count():
    other = make_spec("gcloud", product="somethingelse")
    assert status_of(other, "gcloud/outage.json").state is State.OPERATIONAL


def test_betterstack_resolved_report_with_null_end_is_closed():
    status = status_of(make_spec("betterstack"), "betterstack/operational_resolved_trap.json")
    assert status.state is State.OPERATIONAL
    assert status.incidents == ()
    assert "Legacy" not in [c.name for c in status.components]  # not_monitored


def test_betterstack_downtime_with_latest_update():
    status = status_of(make_spec("betterstack"), "betterstack/downtime.json")
    assert status.state is State.MAJOR_OUTAGE
    incident = status.incidents[0]
    assert incident.title == "Inference API returning errors"
    assert incident.latest_update == "A fix is being deployed."
    assert incident.components == ("Inference API",)
    scoped = status_of(
        make_spec("betterstack", components=("Website",)), "betterstack/downtime.json"
    )
    assert scoped.state is State.OPERATIONAL


def read_feed(spec, name, now=NOW):
    return provider_status(spec, feed.parse(spec, [load_fixture(name)], now=now), NOW)


def test_empty_azure_feed_is_operational():
    spec = make_spec("feed", match=("Azure OpenAI",))
    assert read_feed(spec, "feed/azure_empty.xml").state is State.OPERATIONAL


def test_azure_feed_item_matched_by_keyword():
    spec = make_spec("feed", match=("Azure OpenAI",))
    status = read_feed(spec, "feed/azure_items.xml")
    assert status.state is State.DEGRADED
    assert [i.title for i in status.incidents] == [
        "Azure OpenAI Service - Degraded availability in East US"
    ]
    assert (
        status.incidents[0].url == "https://azure.status.microsoft/en-us/status?trackingId=AB-123"
    )
    assert (
        read_feed(make_spec("feed", match=("Cosmos DB",)), "feed/azure_items.xml").state
        is State.OPERATIONAL
    )


def test_history_feed_skips_resolved_and_old_entries():
    spec = make_spec("feed")
    status = read_feed(spec, "feed/history.atom")
    assert [i.title for i in status.incidents] == ["Grok API outage"]
    incident = status.incidents[0]
    assert incident.status == "identified"
    assert incident.impact is State.PARTIAL_OUTAGE
    assert (
        incident.latest_update
        == "Identified - Requests to the Grok API fail; we have identified the cause."
    )
    later = read_feed(spec, "feed/history.atom", now=NOW + timedelta(days=2))
    assert later.state is State.OPERATIONAL
