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


def test_history_feed_skips_resolved_and_keeps_open_entries_however_old():
    spec = make_spec("feed")
    status = read_feed(spec, "feed/history.atom")
    assert [i.title for i in status.incidents] == [
        "Grok API outage",
        "Old incident never marked resolved",
    ]
    incident = status.incidents[0]
    assert incident.status == "identified"
    assert incident.impact is State.PARTIAL_OUTAGE
    assert (
        incident.latest_update
        == "Identified - Requests to the Grok API fail; we have identified the cause."
    )
    later = read_feed(spec, "feed/history.atom", now=NOW + timedelta(days=30))
    assert later.incidents[0].title == "Grok API outage"


def test_azure_service_name_is_not_read_as_a_status():
    spec = make_spec("feed", match=("Azure OpenAI",))
    incident = read_feed(spec, "feed/azure_items.xml").incidents[0]
    assert incident.status == "investigating"


def test_azure_items_without_a_state_word_age_out_after_a_week():
    spec = make_spec("feed", match=("Azure OpenAI",))
    assert read_feed(spec, "feed/azure_items.xml", now=NOW + timedelta(days=6)).incidents
    later = read_feed(spec, "feed/azure_items.xml", now=NOW + timedelta(days=8))
    assert later.state is State.OPERATIONAL


def test_xai_reads_the_status_heading_and_merges_items_per_service():
    spec = make_spec("feed", "https://status.x.ai/feed.xml")
    status = read_feed(spec, "feed/xai.xml")
    # The resolved items (status in <h3> and <category>) are not shown; the open one is three
    # days old and still open.
    assert [i.title for i in status.incidents] == ["Elevated error rates on grok-4"]
    incident = status.incidents[0]
    assert incident.components == ("API", "grok.com")
    assert incident.status == "identified"
    assert incident.impact is State.PARTIAL_OUTAGE
    assert incident.latest_update == (
        "We found the faulty deployment and are rolling it back region by region."
    )
    assert incident.url == "https://status.x.ai/api/INC9f8e7d6c"
    assert status.state is State.PARTIAL_OUTAGE


def test_flashcat_feed_reads_the_strong_status_label():
    spec = make_spec("feed", "https://status.deepseek.com/feed.rss")
    status = read_feed(spec, "feed/flashcat.rss")
    assert [i.title for i in status.incidents] == [
        "DeepSeek 网页/API 不可用（DeepSeek Web/API Unavailable）"
    ]
    assert status.incidents[0].status == "identified"
    assert status.incidents[0].impact is State.PARTIAL_OUTAGE


def test_github_history_interim_update_is_open_and_resolved_is_not():
    spec = make_spec("feed", "https://www.githubstatus.com/history.atom")
    status = read_feed(spec, "feed/github_history.atom")
    assert [(i.title, i.status) for i in status.incidents] == [
        ("Disruption with some models in Copilot", "update")
    ]
    assert status.state is State.DEGRADED


def test_a_resolved_title_prefix_closes_the_entry():
    import xml.etree.ElementTree as ET

    doc = ET.fromstring(
        "<rss><channel><item><title>Resolved: API errors</title><guid>1</guid>"
        "<description>Errors were seen.</description></item>"
        "<item><title>[Update] API latency</title><guid>2</guid>"
        "<description>Slow.</description></item></channel></rss>"
    )
    spec = make_spec("feed")
    reading = feed.parse(spec, [doc], NOW)
    assert [(i.title, i.status) for i in reading.incidents] == [("[Update] API latency", "update")]
