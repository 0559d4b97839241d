"""The seconds between checks as typed in the settings window: read, or refused in plain words."""

from __future__ import annotations

import pytest

from tests.conftest import make_spec
from trayapp.settings.interval import poll_floor, typed_interval


@pytest.mark.parametrize(("typed", "seconds"), [("60", 60.0), (" 90,5 ", 90.5), ("86400", 86400.0)])
def test_a_number_of_seconds_is_read(typed: str, seconds: float):
    assert typed_interval(typed) == seconds


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("abc", "Type a number of seconds, for example 60."),
        ("", "Type a number of seconds, for example 60."),
        ("nan", "Type a number of seconds, for example 60."),
        ("5", "Checking more often than every 15 seconds is not allowed."),
        ("100000", "At most one day: 86400 seconds."),
    ],
)
def test_anything_else_is_refused_in_plain_words(typed: str, said: str):
    with pytest.raises(ValueError) as refused:
        typed_interval(typed)
    assert str(refused.value) == said


def test_only_pages_on_this_computer_may_be_checked_more_often():
    assert poll_floor([make_spec("statuspage", "http://127.0.0.1:8000")]) == 0.5
    both = [
        make_spec("statuspage", "http://127.0.0.1:8000"),
        make_spec("statuspage", "https://status.example.com"),
    ]
    assert poll_floor(both) == 15.0
    assert typed_interval("1", poll_floor(both[:1])) == 1.0
