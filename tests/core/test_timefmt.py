"""Times, durations and numbers in both languages and several zones: tables."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.timefmt import (
    ago,
    clock_with_zone,
    duration,
    fixed,
    local,
    local_with_zone,
    number,
    zone_name,
)
from trayapp.settings.language import apply

JAKARTA = ZoneInfo("Asia/Jakarta")
MAKASSAR = ZoneInfo("Asia/Makassar")
JAYAPURA = ZoneInfo("Asia/Jayapura")
BERLIN = ZoneInfo("Europe/Berlin")
# 09:51 UTC: 16:51 in Jakarta.
INCIDENT = datetime(2026, 11, 20, 9, 51, tzinfo=UTC)


@pytest.fixture(params=["en", "id"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    apply(request.param)
    yield request.param
    apply("en")


def pick(lang: str, en: str, id_: str) -> str:
    return en if lang == "en" else id_


@pytest.mark.parametrize(
    ("minutes", "en", "id_"),
    [
        (0.2, "under a minute", "kurang dari semenit"),
        (47, "47 min", "47 menit"),
        (60, "1 h", "1 jam"),
        (125, "2 h 5 min", "2 jam 5 menit"),
        (60 * 27, "1 d 3 h", "1 hari 3 jam"),
        (60 * 48, "2 d", "2 hari"),
    ],
)
def test_duration(lang: str, minutes: float, en: str, id_: str):
    assert duration(timedelta(minutes=minutes)) == pick(lang, en, id_)


def test_ago(lang: str):
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert ago(now - timedelta(seconds=10), now) == pick(lang, "just now", "baru saja")
    assert ago(now - timedelta(minutes=2), now) == pick(lang, "2 min ago", "2 menit lalu")
    assert ago(None, now) == pick(lang, "never", "belum pernah")


@pytest.mark.parametrize(
    ("zone", "now_utc", "en", "id_"),
    [
        # Same day in Jakarta: the time only, in the zone's own notation.
        (JAKARTA, datetime(2026, 11, 20, 10, 38, tzinfo=UTC), "16:51 WIB", "16.51 WIB"),
        (MAKASSAR, datetime(2026, 11, 20, 10, 38, tzinfo=UTC), "17:51 WITA", "17.51 WITA"),
        (JAYAPURA, datetime(2026, 11, 20, 10, 38, tzinfo=UTC), "18:51 WIT", "18.51 WIT"),
        # Another day: the date is added, with the month in the user's language.
        (JAKARTA, datetime(2026, 11, 22, 3, 0, tzinfo=UTC), "Nov 20 16:51 WIB", "20 Nov 16.51 WIB"),
        (BERLIN, datetime(2026, 11, 20, 12, 0, tzinfo=UTC), "10:51 CET", "10.51 CET"),
    ],
)
def test_clock_in_the_users_zone_with_its_name(
    lang: str, zone: ZoneInfo, now_utc: datetime, en: str, id_: str
):
    assert clock_with_zone(INCIDENT, now_utc.astimezone(zone)) == pick(lang, en, id_)


@pytest.mark.parametrize(
    ("when", "en", "id_"),
    [
        # Berlin across DST: the offset and the name follow the day, not today.
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), "2026-03-29 01:30 CET", "29 Mar 2026 01.30 CET"),
        (
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
            "2026-03-29 03:30 CEST",
            "29 Mar 2026 03.30 CEST",
        ),
        (
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            "2026-10-25 02:30 CEST",
            "25 Okt 2026 02.30 CEST",
        ),
        (
            datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
            "2026-10-25 02:30 CET",
            "25 Okt 2026 02.30 CET",
        ),
    ],
)
def test_full_date_with_zone_across_dst(lang: str, when: datetime, en: str, id_: str):
    assert local_with_zone(when, BERLIN) == pick(lang, en, id_)


def test_dates_outside_a_sane_window_are_unknown_not_a_crash(lang: str):
    now = datetime(2026, 11, 20, 12, 0, tzinfo=JAKARTA)
    far = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    ancient = datetime(1, 1, 1, tzinfo=UTC)
    expected = pick(lang, "unknown time", "waktu tidak diketahui")
    assert local(far, now) == local(ancient, now) == expected
    assert local_with_zone(far, JAKARTA) == clock_with_zone(far, now) == expected


def test_zone_names_fall_back_to_an_offset():
    assert zone_name(INCIDENT, ZoneInfo("Asia/Kolkata")) == "IST"
    assert zone_name(INCIDENT, ZoneInfo("America/Sao_Paulo")) == "UTC-3"
    assert zone_name(INCIDENT, ZoneInfo("Asia/Kathmandu")) == "UTC+5:45"


def test_numbers_in_the_languages_marks(lang: str):
    assert fixed(99.82, 2) == pick(lang, "99.82", "99,82")
    assert fixed(12345.5, 1) == pick(lang, "12345.5", "12345,5")  # never grouped
    assert number(2129) == pick(lang, "2,129", "2.129")
    assert number(1_234_567) == pick(lang, "1,234,567", "1.234.567")
    assert number(7) == "7"
