"""The replay's clock: the scenario's own day, running ``speed`` times faster than real time.

The app reads it for everything it shows and measures (see ``polling/timebase.py``), so what
the user reads is true to the replay: an incident "since 15:23", a notification "back — down
4 h 15 min", in the user's zone. It stands still until :meth:`VirtualClock.start` (the app's
first look at the replayed pages), so a slow start never eats the minutes before the first
incident. Skipped stretches jump both its wall and its monotonic time, as a computer that
sleeps through the night.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from trayapp.demo.scenario import Skip
from trayapp.polling.timebase import Timebase

FIRST_LOOK = 20.0  # real seconds a replay waits for the app's first poll before it runs anyway


class VirtualClock:
    def __init__(
        self,
        start: datetime,
        speed: float,
        skips: Sequence[Skip] = (),
        real: Callable[[], float] = time.monotonic,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.origin = start
        self.speed = speed
        self._skips = tuple(skips)
        self._real = real
        self._started_at: float | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Let time run (once; later calls change nothing)."""
        with self._lock:
            if self._started_at is None:
                self._started_at = self._real()

    @property
    def started(self) -> bool:
        with self._lock:
            return self._started_at is not None

    def played(self) -> float:
        """Seconds of the scenario played so far (skipped stretches not counted)."""
        with self._lock:
            started = self._started_at
        return 0.0 if started is None else (self._real() - started) * self.speed

    def elapsed(self) -> float:
        """Seconds of the scenario's day since its start, skipped stretches included."""
        played = self.played()
        return played + sum(s.length.total_seconds() for s in self._jumped(played))

    def now(self) -> datetime:
        return self.origin + timedelta(seconds=self.elapsed())

    def monotonic(self) -> float:
        return self.elapsed()

    def real_seconds_until(self, when: datetime) -> float:
        """Real seconds from the start until the replay reaches ``when``."""
        offset = (when - self.origin).total_seconds()
        skipped = sum(
            min(s.length, max(when - s.start, timedelta(0))).total_seconds()
            for s in self._skips
            if s.start < when
        )
        return max(0.0, offset - skipped) / self.speed

    def real_seconds_left(self, until: datetime) -> float:
        """Real seconds from now until the replay reaches ``until`` (all of them before start)."""
        return max(0.0, self.real_seconds_until(until) - self.played() / self.speed)

    def over(self, until: datetime, since: float, first_look: float = FIRST_LOOK) -> bool:
        """True once the replay has reached ``until``.

        ``since`` is the real (monotonic) time the app began: if it has not looked at the
        replayed pages ``first_look`` seconds later, the clock starts anyway, so a replay always
        ends, whatever happens.
        """
        if not self.started and self._real() - since >= first_look:
            self.start()
        return self.started and self.real_seconds_left(until) <= 0

    def timebase(self) -> Timebase:
        return Timebase(now=self.now, monotonic=self.monotonic, speed=self.speed)

    def _jumped(self, played: float) -> list[Skip]:
        """The skips already passed after ``played`` seconds of replay."""
        jumped = []
        skipped = 0.0
        for skip in self._skips:
            at = (skip.start - self.origin).total_seconds() - skipped  # in played seconds
            if played < at:
                break
            jumped.append(skip)
            skipped += skip.length.total_seconds()
        return jumped
