"""When to try a failing page again: exponential backoff with jitter, and ``Retry-After``.

Pure arithmetic; reading the header itself is HTTP and lives with the fetcher."""

from __future__ import annotations

import random

MAX_BACKOFF = 15 * 60.0
MAX_RETRY_AFTER = 60 * 60.0


def retry_delay(
    failures: int,
    poll_interval: float,
    retry_after: float | None = None,
    rand: random.Random | None = None,
) -> float:
    """Seconds to wait before the next attempt after ``failures`` failures in a row.

    The first failure retries at the next regular poll; each further one doubles the wait up to
    ``MAX_BACKOFF`` (or the poll interval, if longer), spread by ±20 % so many clients do not
    return in step. A server's ``Retry-After`` is honoured when it asks for longer, up to an hour.
    """
    if failures <= 0:
        return poll_interval
    ceiling = max(MAX_BACKOFF, poll_interval)
    base = min(poll_interval * float(1 << min(failures - 1, 30)), ceiling)
    jitter = float((rand or random).uniform(0.8, 1.2))
    delay = base * jitter if failures > 1 else base
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    return delay


# A bot check is not asked again for at least this long. A public collector saw Anthropic's WAF
# serve a CAPTCHA to a poller every 300 s and none at 900 s (status-payloads facts, late 2026).
CHALLENGE_BACKOFF = 15 * 60.0


def challenge_delay(
    challenges: int, poll_interval: float, rand: random.Random | None = None
) -> float:
    """Seconds to wait after ``challenges`` bot checks in a row: 15 min, doubling up to an hour,
    each spread over up to 20 % more so many clients do not return in step."""
    base = max(CHALLENGE_BACKOFF, poll_interval) * float(1 << min(max(challenges, 1) - 1, 30))
    jitter = float((rand or random).uniform(1.0, 1.2))
    return min(base, MAX_RETRY_AFTER) * jitter
