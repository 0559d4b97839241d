"""Times as people read them: their own time zone, and how long ago."""

from __future__ import annotations

from datetime import datetime, timedelta


def local(when: datetime | None, now: datetime | None = None) -> str:
    """``14:05`` today, ``Nov 21 14:05`` on another day, in the user's local time zone."""
    if when is None:
        return "—"
    here = when.astimezone()
    today = (now or datetime.now().astimezone()).astimezone()
    if here.date() == today.date():
        return here.strftime("%H:%M")
    if here.year == today.year:
        return here.strftime("%b %d %H:%M")
    return here.strftime("%Y-%m-%d %H:%M")


def local_with_zone(when: datetime | None) -> str:
    """``2026-11-22 14:05 WIB``: unambiguous, for details and JSON readers."""
    if when is None:
        return "—"
    return when.astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


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
