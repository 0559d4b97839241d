"""Text sanitising, URL policy, backoff and time formatting: tables and properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trayapp.core.timefmt import ago, duration


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0.2, "under a minute"),
        (47, "47 min"),
        (60, "1 h"),
        (125, "2 h 5 min"),
        (60 * 27, "1 d 3 h"),
    ],
)
def test_duration(minutes, text):
    assert duration(timedelta(minutes=minutes)) == text


def test_ago():
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert ago(now - timedelta(seconds=10), now) == "just now"
    assert ago(now - timedelta(minutes=2), now) == "2 min ago"
    assert ago(None, now) == "never"
