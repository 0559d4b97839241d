"""Text sanitising, URL policy, backoff and time formatting: tables and properties."""

from __future__ import annotations

import random

from trayapp.core.backoff import MAX_RETRY_AFTER, retry_delay


def test_backoff_grows_with_jitter_and_honours_retry_after():
    rng = random.Random(1)
    assert retry_delay(1, 60, rand=rng) == 60
    delays = [retry_delay(n, 60, rand=rng) for n in range(2, 8)]
    assert all(d >= 48 for d in delays)
    assert delays[-1] <= 15 * 60 * 1.2
    assert retry_delay(1, 60, retry_after=600) == 600
    assert retry_delay(1, 60, retry_after=10**9) == MAX_RETRY_AFTER
