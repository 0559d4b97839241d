"""Unknown says why: the reason of a failure, and how every view and the notification say it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.conftest import NOW, make_spec
from trayapp.core import reasons
from trayapp.core.aggregate import build_snapshot, failed_status, provider_status
from trayapp.core.model import FailureKind, ProviderStatus, Reading, Reason, State
from trayapp.core.notify_policy import Kind, Memory, Settings, decide
from trayapp.views import details, menu_model, report, summary


@pytest.mark.parametrize(
    ("kind", "status", "flags", "reason"),
    [
        (FailureKind.NETWORK, None, {}, Reason.UNREACHABLE),
        (FailureKind.HTTP, 403, {}, Reason.BLOCKED),
        (FailureKind.HTTP, 401, {}, Reason.BLOCKED),
        (FailureKind.HTTP, 429, {}, Reason.BLOCKED),
        (FailureKind.HTTP, 405, {"challenge": True}, Reason.BLOCKED),
        (FailureKind.HTTP, 404, {}, Reason.BROKEN),
        (FailureKind.HTTP, 503, {}, Reason.BROKEN),
        (FailureKind.CONTENT, None, {}, Reason.BROKEN),
        (FailureKind.CONFIG, None, {}, Reason.BROKEN),
    ],
)
def test_failures_are_classified(kind, status, flags, reason):
    assert reasons.classify(kind, status, **flags) is reason


def unknown(pid: str, reason: Reason | None, failure=FailureKind.HTTP) -> ProviderStatus:
    spec = make_spec(id=pid, name=pid.title())
    return failed_status(spec, f"{pid} failed", failure, NOW, reason=reason)


def fine(pid: str) -> ProviderStatus:
    spec = make_spec(id=pid, name=pid.title())
    return provider_status(spec, Reading(indicator=State.OPERATIONAL), NOW)


def test_the_reason_is_kept_while_old_data_is_still_shown_and_said_once_unknown():
    good = fine("claude")
    kept = failed_status(
        make_spec(id="claude", name="Claude"),
        "slow",
        FailureKind.NETWORK,
        NOW,
        good,
        timedelta(minutes=3),
        age=30,
        reason=Reason.SLOW,
    )
    assert kept.state is State.OPERATIONAL and kept.reason is Reason.SLOW
    assert kept.unknown_reason is None  # known: nothing to explain
    assert unknown("claude", Reason.SLOW).unknown_reason is Reason.SLOW


def test_nothing_answering_at_all_is_offline_for_everyone():
    snapshot = build_snapshot(
        [
            unknown("a", Reason.UNREACHABLE, FailureKind.NETWORK),
            unknown("b", Reason.SLOW, FailureKind.NETWORK),
        ],
        NOW,
    )
    assert snapshot.overall is State.OFFLINE
    assert {p.unknown_reason for p in snapshot.providers} == {Reason.OFFLINE}
    mixed = build_snapshot([unknown("a", Reason.UNREACHABLE, FailureKind.NETWORK), fine("b")], NOW)
    assert mixed.providers[0].unknown_reason is Reason.UNREACHABLE  # others answered


def test_a_page_read_that_says_nothing_is_unknown_because_unreadable():
    status = provider_status(make_spec(), Reading(indicator=None), NOW)
    assert status.state is State.UNKNOWN and status.unknown_reason is Reason.BROKEN


def test_every_view_says_why(monkeypatch: pytest.MonkeyPatch):
    snapshot = build_snapshot([fine("chatgpt"), unknown("claude", Reason.BLOCKED)], NOW)
    entries = menu_model.build(snapshot, menu_model.MenuState(), NOW)
    assert "? Claude — unknown (blocked)" in [e.text for e in entries]
    assert summary.tooltip(snapshot) == "Chatgpt: operational · Claude: unknown (blocked)"
    page = details.render(snapshot, NOW)
    assert '<p class="reason" data-reason="blocked">' in page
    assert "The page answered with a bot check or refused access." in page
    assert "? unknown (blocked)</span>" in page
    data = report.to_json(snapshot)
    assert [(p["id"], p["reason"]) for p in data["providers"]] == [
        ("chatgpt", None),
        ("claude", "blocked"),
    ]
    assert "unknown (blocked)" in report.table(snapshot, NOW)


def test_every_reason_has_its_own_words_in_both_languages():
    from trayapp.core import i18n
    from trayapp.settings import language

    words = {}
    for lang in ("en", "id"):
        language.apply(lang)
        try:
            words[lang] = {r: (reasons.short(r), reasons.sentence(r)) for r in Reason}
        finally:
            language.apply("en")
    for lang, table in words.items():
        assert len({short for short, _ in table.values()}) == len(Reason), lang
        assert len({sentence for _, sentence in table.values()}) == len(Reason), lang
    assert words["id"][Reason.BLOCKED] == (
        "diblokir",
        "Halaman menjawab dengan pemeriksaan bot atau menolak akses.",
    )
    assert i18n._("blocked") == "blocked"


@pytest.mark.parametrize(
    ("reason", "failure", "words"),
    [
        (Reason.BLOCKED, FailureKind.HTTP, "answered with a bot check or refused access"),
        (Reason.SLOW, FailureKind.HTTP, "not answering in time"),
        (Reason.UNREACHABLE, FailureKind.HTTP, "servers of the status pages cannot be reached"),
        (Reason.BROKEN, FailureKind.CONTENT, "not giving readable answers"),
        (Reason.OFFLINE, FailureKind.NETWORK, "check your network connection"),
    ],
)
def test_the_unreachable_notification_says_why(reason, failure, words):
    memory = Memory()
    sent = []
    for minute in range(8):
        now = NOW + timedelta(minutes=minute)
        statuses = [replace(unknown(pid, reason, failure), checked_at=now) for pid in ("a", "b")]
        memory, notes = decide(memory, build_snapshot(statuses, now), now, Settings())
        sent += notes
    (note,) = sent
    assert note.kind is Kind.UNREACHABLE and words in note.message


def test_mixed_reasons_are_listed_by_provider():
    memory, sent = Memory(), []
    for minute in range(8):
        now = NOW + timedelta(minutes=minute)
        statuses = [unknown("a", Reason.SLOW), unknown("b", Reason.BLOCKED)]
        memory, notes = decide(memory, build_snapshot(statuses, now), now, Settings())
        sent += notes
    (note,) = sent
    assert note.message == "A: unknown (timed out) · B: unknown (blocked)"


def test_a_page_read_that_leaves_its_state_in_doubt_is_no_unreachable_notification():
    """An undated item that states a problem: unknown, said so in every view, but the page was
    read, so "Can't reach status pages" would be false."""
    doubted = provider_status(
        make_spec(id="feed", name="Feed"),
        Reading(indicator=State.UNKNOWN, reason=Reason.UNDATED),
        NOW,
    )
    assert doubted.state is State.UNKNOWN and doubted.unknown_reason is Reason.UNDATED
    snapshot = build_snapshot([doubted], NOW)
    assert "? Feed — unknown (undated report)" in [
        e.text for e in menu_model.build(snapshot, menu_model.MenuState(), NOW)
    ]
    assert report.to_json(snapshot)["providers"][0]["reason"] == "undated"
    assert "whether it is still going on cannot be told" in details.render(snapshot, NOW)
    memory, sent = Memory(), []
    for minute in range(8):
        now = NOW + timedelta(minutes=minute)
        memory, notes = decide(memory, build_snapshot([doubted], now), now, Settings())
        sent += notes
    assert sent == []
