"""The details window's words, in English and Indonesian, with times in the user's zone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.views.history_sample import history
from tests.views.sample import NOW, SNAPSHOT
from trayapp.core.model import State
from trayapp.core.since import Since, Track
from trayapp.settings.language import apply
from trayapp.views import details_text as words
from trayapp.views.details_view import DetailsView, build

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
    assert words.headline(view) == "Major outage (1 unknown)"
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
    assert words.uptime_title(short).startswith("Last 7 days: 9")
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
    assert words.headline(view) == "Gangguan besar (1 tidak diketahui)"
    assert words.checked(view, JAKARTA) == "Diperiksa 21.05 WIB"
    assert words.state_line(openai, JAKARTA) == "gangguan besar sejak 20.20 WIB"
    assert words.mute_label(openai) == ("Bisukan", "Bisukan notifikasi untuk ChatGPT")
    assert words.uptime_title(openai.uptime[1]).startswith("90 hari terakhir: 99,")
