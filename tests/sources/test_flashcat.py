"""Flashcat / FlashDuty status pages (DeepSeek)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import NOW, load_fixture, make_spec
from tests.sources.reading import status_of
from trayapp import sources
from trayapp.core.aggregate import provider_status
from trayapp.core.model import State
from trayapp.sources import flashcat

DEEPSEEK = make_spec(
    "flashcat", "https://status.deepseek.com", name="DeepSeek", product="6410630422455"
)


def test_endpoints_with_and_without_a_page_id():
    assert [(e.url, e.optional) for e in flashcat.endpoints(DEEPSEEK)] == [
        ("https://status.deepseek.com/api/status-page/6410630422455/summary/active", True),
        ("https://status.deepseek.com/feed.rss", True),
    ]
    bare = make_spec("flashcat", "https://status.deepseek.com")
    assert [(e.url, e.optional) for e in flashcat.endpoints(bare)] == [
        ("https://status.deepseek.com/feed.rss", False)
    ]


def test_healthy_summary_has_bilingual_components_in_sections():
    status = status_of(DEEPSEEK, "flashcat/active_healthy.json", "feed/flashcat.rss")
    assert status.state is State.OPERATIONAL
    names = [c.name for c in status.components]
    assert "DeepSeek V4 Pro API服务(API Service)" in names
    chat = next(c for c in status.components if c.name == "快速模式(Instant Mode)")
    assert chat.group == "对话服务(Chat Service)"


def test_active_change_with_full_outage_is_a_major_outage():
    status = status_of(DEEPSEEK, "flashcat/active_outage.json", "feed/flashcat.rss")
    assert status.state is State.MAJOR_OUTAGE
    incident = status.incidents[0]
    assert incident.status == "identified"
    assert incident.started_at == datetime(2026, 11, 20, 13, 40, tzinfo=UTC)
    assert incident.url == "https://status.deepseek.com/incidents/7001234567890"
    assert "fix is being deployed" in incident.latest_update
    assert incident.components == ("DeepSeek V4 Pro API服务(API Service)",)
    chat = make_spec("flashcat", DEEPSEEK.url, product="1", components=("对话服务(Chat Service)",))
    assert status_of(chat, "flashcat/active_outage.json", "feed/flashcat.rss").state is (
        State.OPERATIONAL
    )


def test_feed_alone_when_the_summary_is_missing():
    reading = sources.read(DEEPSEEK, [None, load_fixture("feed/flashcat.rss")], NOW)
    assert reading.notes == (flashcat.feed_only(),)
    status = provider_status(DEEPSEEK, reading, NOW)
    assert status.state is State.PARTIAL_OUTAGE
    assert [i.status for i in status.incidents] == ["identified"]


def test_feed_only_provider_without_page_id():
    bare = make_spec("flashcat", "https://status.deepseek.com")
    assert status_of(bare, "feed/flashcat.rss").incidents[0].status == "identified"
