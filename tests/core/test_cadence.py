"""Which pages may be asked more often: 304s and short Cache-Control."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trayapp.core.cadence import cheap, extra_polls, max_age

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


def test_a_page_is_cheap_when_every_answer_is_a_304_or_short_lived():
    assert cheap(["304"], 30)
    assert cheap(["304", "public, max-age=20"], 30)
    assert not cheap(["304", "max-age=300"], 30)
    assert not cheap(["no-store, max-age=10"], 30)
    assert not cheap([""], 30)  # no validator, no freshness: a full download every time
    assert not cheap([], 30)  # never answered


def test_extra_polls_fall_between_regular_polls_only():
    assert extra_polls({"a"}, NOW, NOW + timedelta(seconds=60), 30) == {
        "a": NOW + timedelta(seconds=30)
    }
    assert extra_polls({"a"}, NOW, NOW + timedelta(seconds=60), 60) == {}
    assert extra_polls({"a"}, NOW, NOW + timedelta(seconds=33), 30) == {}
