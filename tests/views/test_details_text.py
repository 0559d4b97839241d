"""The details window's words, in English and Indonesian, with times in the user's zone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.views.history_sample import history
from tests.views.sample import NOW, SNAPSHOT, provider
from trayapp.core.aggregate import build_snapshot
from trayapp.core.model import ProviderStatus, Reason, State
from trayapp.core.since import Since, Track
from trayapp.settings.language import apply
from trayapp.views import details_text as words
from trayapp.views.details_view import DetailsView, build
from trayapp.views.history import troubled, uptime_text

JAKARTA = NOW.astimezone(ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def indonesian() -> Iterator[None]:
    apply("id")
    yield
    apply("en")


def shown() -> DetailsView:
    histories = {"openai": history("openai", "ChatGPT", NOW, [(0, 47, State.MAJOR_OUTAGE, None)])}
    since = Since(State.MAJOR_OUTAGE, NOW - timedelta(minutes=47), exact=True)
    return build(SNAPSHOT, histories, {"openai": Track(since)})


def test_the_lines_a_user_reads():
    view = shown()
    openai, claude, gemini = view.providers
    assert words.headline(view) == "Major outage (1 of 3 unknown)"
    assert words.checked(view, JAKARTA) == "Checked 21:05 WIB"
    assert words.state_line(openai, JAKARTA) == "major outage since 20:20 WIB"
    inexact = replace(openai, since_exact=False)
    assert words.state_line(inexact, JAKARTA) == "major outage since at least 20:20 WIB"
    assert words.state_line(claude, JAKARTA) == "operational"
    assert words.state_line(replace(claude, unconfirmed=True), JAKARTA) == (
        "operational (API not answering — not yet on the status page)"
    )
    assert words.incident_meta(openai.incidents[0], JAKARTA) == (
        "investigating · major outage · started 20:20 WIB"
    )
    assert words.latest_update(openai.incidents[0]) == "Latest update: We are on it."
    assert words.components_title(openai) == "2 watched components"
    short, long = openai.uptime
    assert words.uptime_title(short) == "7-day uptime 99.40 %"  # as the menu says it
    assert words.uptime_description(long) == "1 day with a problem, 90 days observed"
    assert words.cell_tooltip(State.MAJOR_OUTAGE, 0) == "today: worst major outage"
    assert words.cell_tooltip(None, 3) == "3 days ago: nothing observed"
    assert words.mute_label(openai) == ("Mute", "Mute notifications for ChatGPT")
    assert words.mute_label(replace(openai, muted=True))[1] == "Unmute notifications for ChatGPT"
    assert words.use_instead("Claude") == ("Use Claude", "Open Claude instead")
    assert gemini.error is not None and words.outages_line(gemini) == "No outage recorded."


def test_before_the_first_poll_and_while_quiet():
    until = NOW + timedelta(hours=1)
    waiting = DetailsView(None, paused_until=until)
    assert words.headline(waiting) == "Checking status pages…"
    assert words.checked(waiting, JAKARTA) == "Not checked yet"
    assert words.paused(waiting, JAKARTA) == "Notifications paused until 22:07 WIB."
    assert words.paused(DetailsView(None, notifications=False), JAKARTA) == (
        "Notifications are off in the settings."
    )
    assert words.paused(DetailsView(None), JAKARTA) is None


def test_in_indonesian(indonesian: None):
    view = shown()
    openai = view.providers[0]
    assert words.headline(view) == "Gangguan besar (1 dari 3 tidak diketahui)"
    assert words.checked(view, JAKARTA) == "Diperiksa 21.05 WIB"
    assert words.state_line(openai, JAKARTA) == "gangguan besar sejak 20.20 WIB"
    assert words.mute_label(openai) == ("Bisukan", "Bisukan notifikasi untuk ChatGPT")
    assert words.uptime_title(openai.uptime[1]).startswith("Ketersediaan 90 hari 99,")
    (card,) = build(build_snapshot([walled()], NOW), {}, {}).providers
    assert words.state_line(card, JAKARTA) == "tidak diketahui (diblokir)"
    assert words.reason_line(card) == "Halaman menjawab dengan pemeriksaan bot atau menolak akses."


def walled() -> ProviderStatus:
    return provider("walled", "Walled", State.UNKNOWN, error="bot check", reason=Reason.BLOCKED)


def test_an_unknown_provider_says_why_as_the_menu_does():
    (card,) = build(build_snapshot([walled()], NOW), {}, {}).providers
    assert words.state_line(card, JAKARTA) == "unknown (blocked)"
    assert words.reason_line(card) == "The page answered with a bot check or refused access."
    since = Since(State.UNKNOWN, NOW - timedelta(minutes=5), exact=True)
    tracked = build(build_snapshot([walled()], NOW), {}, {"walled": Track(since)}).providers[0]
    assert words.state_line(tracked, JAKARTA) == "unknown (blocked) since 21:02 WIB"
    assert words.reason_line(shown().providers[0]) is None  # known: nothing to explain


def test_an_outage_too_short_to_weigh_never_reads_100_percent():
    """An outage seen at the last poll holds no time yet: the uptime is 100.0, the day is red."""
    past = history("openai", "ChatGPT", NOW, [(0, 0, State.MAJOR_OUTAGE, None)])
    assert past.uptime[7].uptime == 100.0 and past.days[-1].worst is State.MAJOR_OUTAGE
    short, long = build(SNAPSHOT, {"openai": past}, {}).providers[0].uptime
    assert words.uptime_title(short) == "7-day uptime 99.99 %"
    assert words.uptime_title(long) == "90-day uptime 99.99 %"
    assert uptime_text(past.uptime[7], 7, troubled(past, 7)) == "7-day uptime 99.99 %"  # menu
    calm = history("anthropic", "Claude", NOW)
    assert words.uptime_title(build(SNAPSHOT, {"anthropic": calm}, {}).providers[1].uptime[0]) == (
        "7-day uptime 100 %"
    )
