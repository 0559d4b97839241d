"""Seconds between checks: the bounds the validator keeps, and a typed value read in plain words.

Pure. The settings window reads what the user typed here and says what is wrong next to the
field; the validator (:mod:`trayapp.settings.config`) keeps the same bounds for the file.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from urllib.parse import urlsplit

from trayapp.core.i18n import _
from trayapp.core.model import ProviderSpec
from trayapp.core.urls import is_loopback

MIN_POLL_INTERVAL = 15.0
# Only when every page is on this computer (test servers, the demo): nobody else is asked.
MIN_LOOPBACK_POLL_INTERVAL = 0.5
MAX_POLL_INTERVAL = 24 * 3600.0


def poll_floor(specs: Iterable[ProviderSpec]) -> float:
    """The shortest interval allowed for these providers."""
    local = all(
        is_loopback(urlsplit(url).hostname) for s in specs for url in (s.url, *s.fallback_urls)
    )
    return MIN_LOOPBACK_POLL_INTERVAL if local else MIN_POLL_INTERVAL


def typed_interval(text: str, floor: float = MIN_POLL_INTERVAL) -> float:
    """The seconds in ``text`` ("90", "90.5", "90,5"); raises ValueError with a sentence for
    the user when it is no number or out of bounds."""
    try:
        seconds = float(text.strip().replace(",", "."))
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds):
        raise ValueError(_("Type a number of seconds, for example 60."))
    if seconds < floor:
        raise ValueError(
            _("Checking more often than every {seconds} seconds is not allowed.").format(
                seconds=f"{floor:g}"
            )
        )
    if seconds > MAX_POLL_INTERVAL:
        raise ValueError(_("At most one day: 86400 seconds."))
    return seconds
