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
