"""Calendar days in the user's zone as epoch ranges, and which day an instant falls on.

Pure: the zone is ``now.tzinfo``. A DST day is 23 or 25 hours long; the day of an instant is
found from its wall-clock time, which within a run of constant UTC offset is a fixed shift of
epoch seconds, so storage can group by day with one arithmetic expression per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

DAY = 86400


def _epoch(when: datetime) -> int:
    return int(when.timestamp())


def _offset(epoch: int, zone: tzinfo | None) -> int:
    offset = datetime.fromtimestamp(epoch, zone).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def local_days(now: datetime, count: int) -> list[tuple[date, int, int]]:
    """The last ``count`` calendar days in the zone of ``now`` (today last), as
    (day, start, end) in epoch seconds."""
    zone = now.tzinfo
    today = now.date()
    days = []
    for back in range(count - 1, -1, -1):
        day = today - timedelta(days=back)
        start = datetime.combine(day, time(0), tzinfo=zone)
        end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
        days.append((day, _epoch(start), _epoch(end)))
    return days


@dataclass(frozen=True)
class LocalDays:
    """``count`` local days, with the runs of constant UTC offset that cover them."""

    days: tuple[tuple[date, int, int], ...]
    runs: tuple[tuple[int, int], ...]  # (from epoch, UTC offset in seconds), in time order
    base: int  # wall-clock seconds (as if UTC) of the first day's midnight

    @classmethod
    def build(cls, now: datetime, count: int) -> LocalDays:
        days = tuple(local_days(now, count))
        zone = now.tzinfo
        start = days[0][1]
        runs = [(start, _offset(start, zone))]
        for _day, day_start, day_end in days:
            if _offset(day_end - 1, zone) != runs[-1][1]:
                # The offset changes within this day: find the instant to the second.
                low, high = max(day_start, runs[-1][0]), day_end - 1
                while high - low > 1:
                    middle = (low + high) // 2
                    if _offset(middle, zone) == runs[-1][1]:
                        low = middle
                    else:
                        high = middle
                runs.append((high, _offset(high, zone)))
        return cls(days, tuple(runs), start + runs[0][1])

    @property
    def start(self) -> int:
        return self.days[0][1]

    @property
    def end(self) -> int:
        return self.days[-1][2]

    def index(self, epoch: int) -> int | None:
        """Which of the days ``epoch`` falls on (0 = the first), or None outside them."""
        if not self.start <= epoch < self.end:
            return None
        offset = next(off for since, off in reversed(self.runs) if epoch >= since)
        return (epoch + offset - self.base) // DAY
