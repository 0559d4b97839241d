"""The data saver, the pure part: when it is on, how often pages are then asked, and the line
the menu shows about it.

On a metered connection (the system says so) or when the user sets ``data_saver = true``, the
regular poll comes every ``data_saver_interval`` (five minutes by default) instead of every
``poll_interval``, and the extra 30-second looks at cheap pages stop. A change the page shows is
still confirmed once about 15 s later, so a notification comes within about five minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from trayapp.core.i18n import _, ngettext
from trayapp.core.timefmt import duration

DEFAULT_INTERVAL = 300.0


@dataclass(frozen=True)
class DataSaver:
    """Whether the data saver is on, why, and the interval it polls at."""

    on: bool
    interval: float
    metered: bool | None = None  # the system's word on the connection, None when not known

    @property
    def reason(self) -> str:
        return _("metered connection") if self.metered else _("turned on in settings")


def decide(
    setting: bool | None, metered: bool | None, poll_interval: float, saver_interval: float
) -> DataSaver:
    """``setting``: True (always), False (never) or None ("auto": when the connection is
    metered). Never polls more often than the user's own interval."""
    on = setting if setting is not None else bool(metered)
    interval = max(poll_interval, saver_interval) if on else poll_interval
    return DataSaver(on, interval, metered if setting is None else None)


def menu_line(saver: DataSaver) -> str | None:
    """``Data saver on (metered connection): checking every 5 min``, or None when off."""
    if not saver.on:
        return None
    seconds = round(saver.interval)
    every = (
        ngettext("{n} s", "{n} s", seconds).format(n=seconds)
        if seconds < 60
        else duration(timedelta(seconds=seconds))
    )
    return _("Data saver on ({reason}): checking every {every}").format(
        reason=saver.reason, every=every
    )
