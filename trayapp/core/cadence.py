"""How often a page may be asked, the pure part: pages that say re-asking is cheap get more looks.

The regular interval stays the user's (60 s by default). A page whose last answer was a 304
(nothing changed, a few hundred bytes) or that declares a short ``Cache-Control: max-age`` may
be asked again halfway, as often as ``cheap_interval`` (30 s by default): the icon then follows
those pages within ~30 s at almost no cost to them or to the user's network.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta

_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-maxage|max-age)\s*=\s*\"?(\d{1,9})", re.IGNORECASE)


def max_age(cache_control: str) -> int | None:
    """Seconds from a Cache-Control header's (s-)max-age, the shorter if both; None if absent."""
    ages = [int(m) for m in _MAX_AGE.findall(cache_control[:1000])]
    return min(ages) if ages else None


def cheap(answers: Iterable[str], cheap_interval: float) -> bool:
    """True when every endpoint's last answer makes asking again soon cheap or welcome.

    An answer is "304" or the Cache-Control value; ``no-store`` or a long max-age says no.
    """
    seen = False
    for answer in answers:
        seen = True
        if answer == "304":
            continue
        age = max_age(answer)
        if age is None or age > cheap_interval or "no-store" in answer.lower():
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
