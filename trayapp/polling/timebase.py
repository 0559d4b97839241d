"""The clock the polling runs on: the real one, or a replay's (``trayapp.demo``) running faster.

Wall time dates what is shown; monotonic time measures intervals (backoff, staleness, the gaps
between notifications). A replay runs both faster than real time, by ``speed``: the waits
between polls are then that much shorter in real seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from trayapp.polling.poller import utcnow


@dataclass(frozen=True)
class Timebase:
    now: Callable[[], datetime] = utcnow  # aware
    monotonic: Callable[[], float] = time.monotonic
    speed: float = 1.0  # seconds of this clock per real second

    def real_seconds(self, seconds: float) -> float:
        """How long ``seconds`` of this clock last in real time."""
        return seconds / self.speed


REAL = Timebase()
