"""RSS and Atom feeds."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import NOW, load_fixture, make_spec
from trayapp.core.aggregate import provider_status
from trayapp.core.model import State
from trayapp.sources import feed


def read_feed(spec, name, now=NOW):
    return provider_status(spec, feed.parse(spec, [load_fixture(name)], now), NOW)


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
