"""Which pages may be asked more often (cheap looks), and how long an answer stays fresh."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trayapp.core.cadence import MAX_FRESHNESS, Look, cheap, extra_polls, freshness, max_age

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "age"),
    [
        ("max-age=30", 30),
        ("public, max-age=10, s-maxage=60", 10),
        ("public, s-maxage=20, max-age=60", 20),
        ('max-age="15"', 15),
        ("no-cache", None),
        ("", None),
        ("max-age=abc", None),
    ],
)
def test_max_age(header: str, age: int | None):
    assert max_age(header) == age


def test_a_page_is_cheap_when_every_look_cost_little_and_max_age_allows_it():
    assert cheap([Look(True)], 30)
    assert cheap([Look(True), Look(False, "public, max-age=20", 900)], 30)
    assert not cheap([Look(True), Look(True, "max-age=300")], 30)  # asks not to come back soon
    assert not cheap([Look(False, "no-store, max-age=10", 200)], 30)
    assert not cheap([Look(False, "", 200)], 30)  # no validator, no freshness: a full download
    assert not cheap([], 30)  # never answered


def test_a_big_body_is_never_cheap_even_when_max_age_welcomes_another_look():
    # status.openai.com: "public, max-age=0, must-revalidate", no validators, ~22 KB: asking
    # every 30 s would double the bill for nothing a 60 s poll does not see.
    assert not cheap([Look(False, "public, max-age=0, must-revalidate", 22_000)], 30)
    assert cheap([Look(True, "public, max-age=0, must-revalidate")], 30)


@pytest.mark.parametrize(
    ("header", "age", "seconds"),
    [
        ("max-age=10, public, s-maxage=10, stale-while-revalidate=20", None, 10.0),
        ("public, max-age=0, must-revalidate", None, 0.0),
        ("public, s-maxage=600", None, 0.0),  # for shared caches, not for us
        ("max-age=120", "100", 20.0),  # a CDN already kept it 100 s
        ("max-age=120", "500", 0.0),
        ("max-age=120", "soon", 120.0),
        ("no-cache, max-age=60", None, 0.0),
        ("no-store", None, 0.0),
        ("max-age=31536000", None, MAX_FRESHNESS),  # a year: still asked every five minutes
        ("", None, 0.0),
    ],
)
def test_freshness_is_max_age_less_age_and_never_more_than_five_minutes(
    header: str, age: str | None, seconds: float
):
    assert freshness(header, age) == seconds
    assert MAX_FRESHNESS == 300


def test_extra_polls_fall_between_regular_polls_only():
    assert extra_polls({"a"}, NOW, NOW + timedelta(seconds=60), 30) == {
        "a": NOW + timedelta(seconds=30)
    }
    assert extra_polls({"a"}, NOW, NOW + timedelta(seconds=60), 60) == {}
    assert extra_polls({"a"}, NOW, NOW + timedelta(seconds=33), 30) == {}
