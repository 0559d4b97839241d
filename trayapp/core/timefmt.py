"""Times as people read them: in their own zone, and how long ago.

Pure: the zone is the one ``now`` carries (the shell builds ``now`` in the user's zone), so the
same call gives the same text on every machine.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo


def local(when: datetime | None, now: datetime) -> str:
    """``14:05`` today, ``Nov 21 14:05`` on another day, in the zone of ``now``."""
    if when is None:
        return "—"
    here = when.astimezone(now.tzinfo)
    if here.date() == now.date():
        return here.strftime("%H:%M")
    if here.year == now.year:
        return here.strftime("%b %d %H:%M")
    return here.strftime("%Y-%m-%d %H:%M")


def local_with_zone(when: datetime | None, zone: tzinfo | None) -> str:
    """``2026-11-22 14:05 WIB``: unambiguous, for the details page."""
    if when is None:
        return "—"
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z").strip()


def duration(span: timedelta) -> str:
    """``47 min``, ``2 h 5 min``, ``3 d 4 h``."""
    minutes = max(0, round(span.total_seconds() / 60))
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


def ago(when: datetime | None, now: datetime) -> str:
    """``just now``, ``2 min ago``, ``3 h ago``."""
    if when is None:
        return "never"
    span = now - when
    if span < timedelta(seconds=45):
        return "just now"
    return f"{duration(span)} ago"
