"""Google Cloud incidents.json, filtered by product."""

from __future__ import annotations

from tests.conftest import make_spec
from tests.sources.reading import status_of
from trayapp.core.model import State

GEMINI = make_spec(
    "gcloud", "https://status.cloud.google.com", product="Z0FZJAMvEB4j3NbCJs6B", name="Gemini"
)


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


GEMINI_APP = make_spec(
    "gcloud",
    "https://www.google.com/appsstatus/dashboard",
    product="npdyhgECDJ6tB66MxXyo",
    name="Gemini",
)


def test_workspace_dashboard_reads_the_gemini_app_and_skips_items_without_products():
    status = status_of(GEMINI_APP, "gcloud/workspace_open.json")
    assert status.state is State.PARTIAL_OUTAGE
    assert [i.title for i in status.incidents] == [
        "We're investigating reports of an issue with Gemini."
    ]
    incident = status.incidents[0]
    assert incident.url == "https://www.google.com/appsstatus/dashboard/incidents/wsOpen1"
    assert status.components[0].name == "Gemini"


def test_workspace_closed_items_kept_for_a_year_are_not_open():
    status = status_of(GEMINI_APP, "gcloud/workspace_closed.json")
    assert status.state is State.OPERATIONAL
    assert status.incidents == ()


def test_workspace_endpoint_is_the_dashboards_incidents_json():
    from trayapp.sources import gcloud

    assert [e.url for e in gcloud.endpoints(GEMINI_APP)] == [
        "https://www.google.com/appsstatus/dashboard/incidents.json"
    ]


def test_an_item_with_null_products_matches_by_service_key():
    chat = make_spec("gcloud", product="Ht9Vx5PFzDPHYvrnrvSk", name="Chat")
    status = status_of(chat, "gcloud/workspace_open.json")
    assert status.state is State.DEGRADED
    assert status.components[0].name == "Google Chat"
