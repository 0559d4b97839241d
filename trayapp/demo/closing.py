"""The lines the demo starts and ends with: what it replays and for how long; what it
announced, and when (the replay's time, the user's zone)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from trayapp.core.i18n import _
from trayapp.core.timefmt import clock_with_zone, duration


def starting_line(label: str, seconds: float) -> str:
    """``Demo: <scenario> — replayed at 60×, for about 2 min. Ctrl+C to stop.``: the terminal
    is not silent while the replay runs on the tray icon."""
    return _("{demo}, for about {duration}. Ctrl+C to stop.").format(
        demo=label, duration=duration(timedelta(seconds=seconds))
    )


def closing_line(title: str, announced: Sequence[tuple[datetime, str]], now: datetime) -> str:
    """``Demo over (<scenario>). Announced: “ChatGPT: major outage” at 06:24 WIB; …``.

    ``now`` (aware, in the user's zone) is the replay's time at the end: times on its day show
    the time alone, others their date too.
    """
    if not announced:
        return _("Demo over ({scenario}). Nothing was announced.").format(scenario=title)
    said = "; ".join(
        _("“{announcement}” at {time}").format(announcement=what, time=clock_with_zone(when, now))
        for when, what in announced
    )
    return _("Demo over ({scenario}). Announced: {announcements}.").format(
        scenario=title, announcements=said
    )
