"""Feeds in other languages (the words live in one table, ``sources/feed_words.py``), and items
without dates: never silently green."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.conftest import NOW, load_fixture, make_spec
from trayapp.core import reasons
from trayapp.core.aggregate import provider_status
from trayapp.core.model import Reason, State
from trayapp.polling.detect import with_notes
from trayapp.sources import feed, feed_words

RECENT = "Fri, 20 Nov 2026 14:00:00 GMT"


def rss(*items: tuple[str, str, str | None]) -> ET.Element:
    """An RSS 2.0 document of (title, description, pubDate or None) items."""
    root = ET.Element("rss")
    channel = ET.SubElement(root, "channel")
    for number, (title, description, date) in enumerate(items):
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = title
        ET.SubElement(item, "description").text = description
        ET.SubElement(item, "guid").text = f"item-{number}"
        if date is not None:
            ET.SubElement(item, "pubDate").text = date
    return root


def read(root: ET.Element):
    spec = make_spec("feed")
    reading = feed.parse(spec, [root], NOW)
    return with_notes(provider_status(spec, reading, NOW), reading.notes)


def test_volcengine_items_marked_resolved_only_by_a_chinese_suffix_are_resolved():
    spec = make_spec("feed", "https://status.volcengine.com/rss")
    status = provider_status(
        spec, feed.parse(spec, [load_fixture("feed/volcengine.xml")], NOW), NOW
    )
    assert status.state is State.OPERATIONAL
    assert status.incidents == ()


@pytest.mark.parametrize(
    ("title", "description", "shown"),
    [
        ("火山方舟 推理服务异常(已恢复)", "", False),
        ("【已解决】API 调用失败", "", False),
        ("API 调用失败 [已修复]", "", False),
        ("API 調用失敗（已解決）", "", False),  # traditional script
        ("API 调用失败（处理中）", "", True),
        ("API 调用失败", "<p>状态：已恢复，感谢您的耐心。</p>", False),
        ("API 调用失败（解决中）", "", True),  # being solved: not "solved"
        ("障害のお知らせ【復旧】", "", False),
        ("APIエラー（解決済み）", "", False),
        ("APIエラー", "<p>ステータス：調査中</p>", True),
        ("[해결] 로그인 오류", "", False),
        ("로그인 오류 (복구 완료)", "", False),
        ("로그인 오류 (복구 중)", "", True),  # recovering: not recovered
        ("Gangguan login - Teratasi", "", False),
        ("Gangguan API", "<p>Status: Selesai</p>", False),
        ("Gangguan API (sudah pulih)", "", False),
        ("Gangguan API (sedang ditangani)", "", True),
        ("Resolved - API errors", "", False),
        ("Elevated API errors", "<p><strong>Status:</strong> investigating</p>", True),
    ],
)
def test_closing_and_opening_words_in_the_languages_feeds_use(
    title: str, description: str, shown: bool
):
    status = read(rss((title, description, RECENT)))
    assert bool(status.incidents) is shown
    assert status.state is (State.DEGRADED if shown else State.OPERATIONAL)


def test_an_open_word_keeps_an_old_item_open_and_a_closing_one_closes_it_at_any_age():
    old = "Mon, 02 Nov 2026 08:00:00 GMT"
    status = read(rss(("API 调用失败（调查中）", "", old), ("旧事件(已恢复)", "", old)))
    assert [i.title for i in status.incidents] == ["API 调用失败（调查中）"]
    assert status.incidents[0].status == "调查中"  # the page's own word, as it wrote it


def test_outage_words_in_other_languages_state_the_impact():
    status = read(rss(("火山方舟 服务全面中断", "", RECENT), ("ログイン 利用できない", "", RECENT)))
    assert [i.impact for i in status.incidents] == [State.MAJOR_OUTAGE, State.PARTIAL_OUTAGE]


def test_an_undated_item_that_states_an_outage_is_unknown_with_a_note_never_green():
    status = read(rss(("Major outage: API unavailable", "<p>We are looking into it.</p>", None)))
    assert status.state is State.UNKNOWN
    # The page was read: its doubt has its own reason, not "unreadable page".
    assert status.unknown_reason is Reason.UNDATED
    assert reasons.state_label(status) == "unknown (undated report)"
    assert status.notes == (
        "undated item “Major outage: API unavailable” states a problem; "
        "whether it is current cannot be told",
    )
    # A dated problem still ranks above the doubt: it is known to be current.
    both = read(
        rss(("Major outage: API unavailable", "", None), ("Partial outage in EU", "", RECENT))
    )
    assert both.state is State.PARTIAL_OUTAGE
    # Watching components a feed does not have is still "does not say the state": unreadable.
    spec = make_spec("feed", components=("API",), own_components=True)
    scoped = provider_status(spec, feed.parse(spec, [rss(("Major outage", "", None))], NOW), NOW)
    assert scoped.unknown_reason is Reason.BROKEN


@pytest.mark.parametrize(
    ("title", "description", "state"),
    [
        ("New models available", "<p>Try them today.</p>", State.OPERATIONAL),  # no problem
        ("Resolved - API errors", "", State.OPERATIONAL),  # says it is closed
        ("Investigating - API down", "", State.PARTIAL_OUTAGE),  # says it is open: shown
        ("API 服务中断（调查中）", "", State.PARTIAL_OUTAGE),
    ],
)
def test_undated_items_that_say_their_state_are_shown_as_they_say(
    title: str, description: str, state: State
):
    assert read(rss((title, description, None))).state is state


def test_the_words_are_one_table_with_no_phrase_meaning_two_things():
    seen: dict[str, str] = {}
    for meaning, languages in feed_words._PHRASES.items():
        for phrases in languages.values():
            for phrase in phrases:
                key = feed_words.normal(phrase)
                assert seen.setdefault(key, meaning) == meaning, phrase
    assert {"en", "zh", "ja", "ko", "id"} <= set(feed_words._PHRASES[feed_words.CLOSED])
