"""How often a page may be asked, the pure part: pages where re-asking is cheap get more looks,
and no page is asked more often than its own ``Cache-Control: max-age`` allows.

The regular interval stays the user's (60 s by default). A page whose last look cost a few
hundred bytes (a 304, a HEAD or a small witness document that said "unchanged", or a small body)
and whose max-age allows it may be asked again halfway, as often as ``cheap_interval`` (30 s by
default): the icon then follows those pages within ~30 s at almost no cost to them or to the
user's network. A page that sends 20 KB every time is not cheap, whatever its max-age says.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-maxage|max-age)\s*=\s*\"?(\d{1,9})", re.IGNORECASE)
_PRIVATE_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d{1,9})", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]{1,12}")
# A page's max-age is honoured up to this many seconds: a page that asks for a day (or a CDN
# misconfigured to say so) still gets asked every five minutes, never left unwatched for hours.
MAX_FRESHNESS = 300.0
# A full answer this small (bytes received for the body, compressed) is as cheap as a 304.
CHEAP_BYTES = 2048


@dataclass(frozen=True)
class Look:
    """What the last request for one document cost and said about asking again."""

    unchanged: bool  # a 304, a HEAD or witness saying "same as before", or still fresh
    cache_control: str = ""
    wire_bytes: int = 0  # body bytes received (0 when nothing was downloaded)


def max_age(cache_control: str) -> int | None:
    """Seconds from a Cache-Control header's (s-)max-age, the shorter if both; None if absent."""
    ages = [int(m) for m in _MAX_AGE.findall(cache_control[:1000])]
    return min(ages) if ages else None


def freshness(cache_control: str, age: str | None = None) -> float:
    """Seconds an answer may be reused without asking, as a private cache reads it (RFC 9111):
    its ``max-age`` less the ``Age`` it already had, 0 with ``no-cache``/``no-store``, never
    more than :data:`MAX_FRESHNESS`."""
    text = cache_control[:1000].lower()
    if "no-cache" in text or "no-store" in text:
        return 0.0
    ages = [int(m) for m in _PRIVATE_MAX_AGE.findall(text)]
    if not ages:
        return 0.0
    spent = int(age.strip()) if age and _DIGITS.fullmatch(age.strip()) else 0
    return float(max(0.0, min(float(min(ages) - spent), MAX_FRESHNESS)))


def cheap(looks: Iterable[Look], cheap_interval: float) -> bool:
    """True when every document's last look makes asking again soon both cheap and welcome:
    it cost little (unchanged, or a small body) and no ``no-store`` or long max-age says no."""
    seen = False
    for look in looks:
        seen = True
        age = max_age(look.cache_control)
        if (age is not None and age > cheap_interval) or "no-store" in look.cache_control.lower():
            return False
        if not look.unchanged and (age is None or look.wire_bytes > CHEAP_BYTES):
            return False
    return seen


def extra_polls(
    cheap_ids: Collection[str],
    now: datetime,
    next_poll: datetime,
    cheap_interval: float,
    margin: timedelta = timedelta(seconds=5),
) -> dict[str, datetime]:
    """Provider id -> when to ask a cheap page once more before the next regular poll."""
    when = now + timedelta(seconds=cheap_interval)
    if when >= next_poll - margin:
        return {}
    return dict.fromkeys(cheap_ids, when)
