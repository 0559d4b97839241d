"""History maths as tables: outage runs, uptime with gaps, local days across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.history import (
    BUCKET,
    STATES,
    Bucket,
    Observation,
    Outage,
    ProviderHistory,
    Share,
    day_cells,
    held_until,
    ongoing_outages,
    outages,
    seed_memory,
    share,
    split,
    summarise,
)
from trayapp.core.localdays import LocalDays, local_days
from trayapp.core.model import State
from trayapp.core.notify_policy import Memory, ProviderMemory

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OK, M, D, P, X, U, F = (
    State.OPERATIONAL,
    State.MAINTENANCE,
    State.DEGRADED,
    State.PARTIAL_OUTAGE,
    State.MAJOR_OUTAGE,
    State.UNKNOWN,
    State.OFFLINE,
)


def polls(states: str) -> list[Observation]:
    """One poll a minute from T0: o=operational m=maintenance d/p/x=problems u=unknown f=offline."""
    code = {"o": OK, "m": M, "d": D, "p": P, "x": X, "u": U, "f": F}
    return [Observation(T0 + timedelta(minutes=i), code[c]) for i, c in enumerate(states)]


def at(minute: int) -> datetime:
    return T0 + timedelta(minutes=minute)


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        ("oooo", []),
        ("", []),
        ("uuuu", []),
        ("mmmm", []),
        # degraded means slower, not down: a spell that stays degraded is no outage
        ("oddo", []),
        # one that reaches an outage is one from its first troubled poll
        ("odxdo", [(X, 1, 4)]),
        ("odpdo", [(P, 1, 4)]),
        # unknown polls neither end nor extend an outage
        ("opuuuo", [(P, 1, 5)]),
        ("odffpo", [(P, 1, 5)]),
        # a page unreachable before it reports trouble: the outage starts at the problem
        ("ouuxo", [(X, 3, 4)]),
        # maintenance is healthy: it ends an outage
        ("oxmp", [(X, 1, 2), (P, 3, None)]),
        ("odmd", []),
        ("oxo po".replace(" ", "o"), [(X, 1, 2), (P, 4, 5)]),
        # still going at the last poll
        ("oox", [(X, 2, None)]),
        ("xuu", [(X, 0, None)]),
    ],
)
def test_outage_runs(states: str, expected: list[tuple[State, int, int | None]]):
    found = outages(polls(states))
    assert [(o.state, o.started_at, o.ended_at) for o in found] == [
        (s, at(a), at(b) if b is not None else None) for s, a, b in expected
    ]


def test_outage_takes_the_first_incident_title_and_lasts_until_now_while_open():
    seen = [
        Observation(at(0), OK),
        Observation(at(1), D),
        Observation(at(2), X, "API errors"),
        Observation(at(3), X, "Another"),
    ]
    (outage,) = outages(reversed(seen))  # order of arrival does not matter
    assert outage == Outage(X, at(1), None, "API errors")
    assert outage.duration(at(48)) == timedelta(minutes=47)


@pytest.mark.parametrize(
    ("start", "end", "parts"),
    [
        (0, 0, []),
        (0, 900, [(0, 900)]),
        (850, 960, [(0, 50), (900, 60)]),
        (100, 2000, [(0, 800), (900, 900), (1800, 200)]),
    ],
)
def test_split_at_bucket_boundaries(start: int, end: int, parts: list[tuple[int, int]]):
    assert split(start, end) == parts


@pytest.mark.parametrize(
    ("polled", "next_poll", "held"),
    [(0, 60, 60), (0, 600, 600), (0, 3600, 600)],  # closed app or sleep: at most 10 min
)
def test_a_poll_vouches_for_at_most_ten_minutes(polled: int, next_poll: int, held: int):
    assert held_until(polled, next_poll) == held


def bucket(start: int, **seconds: int) -> Bucket:
    return Bucket(start, tuple(seconds.get(s.name.lower(), 0) for s in STATES))


@pytest.mark.parametrize(
    ("buckets", "uptime", "observed"),
    [
        ([], None, 0.0),
        ([bucket(0, unknown=900)], None, 0.0),
        ([bucket(0, operational=900)], 100.0, 25.0),
        ([bucket(0, operational=450, maintenance=450)], 100.0, 25.0),
        # unknown and offline time is out of the denominator, and out of "observed"
        ([bucket(0, operational=600, unknown=200, offline=100)], 100.0, 600 / 3600 * 100),
        # as Statuspage counts: a major outage is all downtime, a partial one 30 %, degraded none
        ([bucket(0, operational=450, degraded=450), bucket(900, major_outage=900)], 50.0, 50.0),
        ([bucket(0, partial_outage=900), bucket(900, operational=900)], 85.0, 50.0),
        ([bucket(0, degraded=900)], 100.0, 25.0),
        # buckets outside the window do not count
        ([bucket(-900, major_outage=900), bucket(3600 * 2, major_outage=900)], None, 0.0),
    ],
)
def test_uptime_counts_observed_time_only(
    buckets: list[Bucket], uptime: float | None, observed: float
):
    result = share(buckets, 0, 3600)
    assert result.uptime == (pytest.approx(uptime) if uptime is not None else None)
    assert result.observed == pytest.approx(observed)


BERLIN = ZoneInfo("Europe/Berlin")
KATHMANDU = ZoneInfo("Asia/Kathmandu")


@pytest.mark.parametrize(
    ("now", "day", "hours"),
    [
        (datetime(2026, 3, 29, 12, tzinfo=BERLIN), date(2026, 3, 29), 23),  # spring forward
        (datetime(2026, 10, 25, 12, tzinfo=BERLIN), date(2026, 10, 25), 25),  # fall back
        (datetime(2026, 10, 26, 12, tzinfo=BERLIN), date(2026, 10, 26), 24),
        (datetime(2026, 11, 20, 0, 5, tzinfo=KATHMANDU), date(2026, 11, 20), 24),  # +05:45
    ],
)
def test_local_days_follow_the_users_zone_across_dst(now: datetime, day: date, hours: int):
    (today,) = local_days(now, 1)
    assert today[0] == day
    assert today[2] - today[1] == hours * 3600
    start = datetime.fromtimestamp(today[1], BERLIN if now.tzinfo is BERLIN else KATHMANDU)
    assert (start.date(), start.hour, start.minute) == (day, 0, 0)
    assert today[1] % BUCKET == 0, "local midnight falls on a bucket boundary"


def test_day_cells_bucket_by_local_day_and_take_the_worst_state():
    now = datetime(2026, 10, 26, 12, tzinfo=BERLIN)  # Monday after the clocks went back
    sunday, monday = local_days(now, 2)
    buckets = [
        bucket(sunday[1], operational=900),  # 00:00 Sunday local
        bucket(sunday[2] - BUCKET, degraded=300, operational=600),  # 23:45 Sunday local
        bucket(monday[1], unknown=900),  # Monday: only unknown
        bucket(sunday[1] - BUCKET, major_outage=900),  # Saturday 23:45: not Sunday
    ]
    cells = day_cells(buckets, [], now, 2)
    assert [(c.day, c.worst, c.observed_s) for c in cells] == [
        (date(2026, 10, 25), D, 1800),
        (date(2026, 10, 26), U, 0),
    ]


def test_a_day_with_a_brief_outage_between_polls_still_shows_it():
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    (today,) = local_days(now, 1)
    outage = Outage(X, now - timedelta(hours=2), now - timedelta(hours=1), "boom")
    cells = day_cells([bucket(today[1], operational=900)], [outage], now, 1)
    assert cells[0].worst is X and cells[0].outages == (outage,)


def test_summarise_gives_windows_days_and_newest_outage_first():
    now = T0 + timedelta(hours=1)
    start = int(T0.timestamp())
    buckets = [bucket(start, operational=900), bucket(start + 900, major_outage=900)]
    history = summarise("p", "P", buckets, polls("oxxo"), now, days=3)
    assert set(history.uptime) == {1, 7, 30, 90}
    assert history.uptime[1].uptime == pytest.approx(50.0)
    assert history.uptime[1].observed_s == 1800 and history.uptime[7].span == 7 * 86400
    assert len(history.days) == 3 and history.days[-1].day == now.date()
    assert history.last_outage == Outage(X, at(1), at(3))
    assert history.ongoing is None


@pytest.mark.parametrize(
    ("observed_s", "uptime", "enough"),
    [
        (0, None, False),  # nothing seen
        (120, 50.0, False),  # two minutes, one of them down: too little to say "50 %"
        (3599, 99.0, False),
        (3600, 99.0, True),  # an hour: a figure, with how much of the period it rests on
        (7 * 86400, 100.0, True),
    ],
)
def test_a_figure_needs_an_hour_observed(observed_s: int, uptime: float | None, enough: bool):
    span = 7 * 86400
    figure = Share(uptime, 100.0 * observed_s / span, span)
    assert figure.observed_s == observed_s
    assert figure.enough is enough


def test_seed_memory_keeps_the_outage_start_from_before_a_restart():
    started = T0 - timedelta(minutes=40)
    ongoing = {"a": Outage(X, started, None), "b": Outage(D, started, T0)}
    seeded = seed_memory(Memory(), ongoing)
    assert seeded.providers == {"a": ProviderMemory(announced=X, down_since=started, worst=X)}
    # already seen by this run: the earlier start wins; a later one is ignored
    mem = Memory({"a": ProviderMemory(announced=X, down_since=T0)})
    assert seed_memory(mem, ongoing).providers["a"].down_since == started
    later = {"a": Outage(X, T0 + timedelta(minutes=5), None)}
    assert seed_memory(mem, later).providers["a"].down_since == T0
    healthy = Memory({"a": ProviderMemory(announced=OK)})
    assert seed_memory(healthy, {}) == healthy
    assert seed_memory(healthy, ongoing).providers["a"] == ProviderMemory(announced=OK)


def test_only_outages_polled_recently_carry_over_a_restart():
    def past(pid: str, last_polled: datetime | None, ended: datetime | None = None):
        outage = Outage(X, T0 - timedelta(hours=1), ended)
        return ProviderHistory(pid, pid, {}, (), (outage,), last_polled)

    histories = [
        past("restarted", T0 - timedelta(minutes=3)),
        past("away-for-days", T0 - timedelta(days=3)),
        past("ended", T0 - timedelta(minutes=3), ended=T0 - timedelta(minutes=5)),
        past("never-polled", None),
    ]
    assert list(ongoing_outages(histories, T0)) == ["restarted"]


def epoch(*args: int, zone: ZoneInfo = BERLIN, fold: int = 0) -> int:
    return int(datetime(*args, tzinfo=zone, fold=fold).timestamp())  # type: ignore[arg-type,misc]


@pytest.mark.parametrize(
    ("now", "count", "instant", "index"),
    [
        # the 25-hour day: both 02:30s belong to it, its last second too
        (datetime(2026, 10, 27, 12, tzinfo=BERLIN), 4, epoch(2026, 10, 24, 0, 0), 0),
        (datetime(2026, 10, 27, 12, tzinfo=BERLIN), 4, epoch(2026, 10, 25, 2, 30), 1),
        (datetime(2026, 10, 27, 12, tzinfo=BERLIN), 4, epoch(2026, 10, 25, 2, 30, fold=1), 1),
        (datetime(2026, 10, 27, 12, tzinfo=BERLIN), 4, epoch(2026, 10, 25, 23, 59, 59), 1),
        (datetime(2026, 10, 27, 12, tzinfo=BERLIN), 4, epoch(2026, 10, 26, 0, 0), 2),
        (datetime(2026, 10, 27, 12, tzinfo=BERLIN), 4, epoch(2026, 10, 27, 23, 59), 3),
        (datetime(2026, 10, 27, 12, tzinfo=BERLIN), 4, epoch(2026, 10, 23, 23, 59), None),
        (datetime(2026, 10, 27, 12, tzinfo=BERLIN), 4, epoch(2026, 10, 28, 0, 0), None),
        # the 23-hour day
        (datetime(2026, 3, 30, 12, tzinfo=BERLIN), 2, epoch(2026, 3, 29, 1, 59), 0),
        (datetime(2026, 3, 30, 12, tzinfo=BERLIN), 2, epoch(2026, 3, 29, 3, 0), 0),
        (datetime(2026, 3, 30, 12, tzinfo=BERLIN), 2, epoch(2026, 3, 30, 0, 0), 1),
        # a +05:45 zone
        (
            datetime(2026, 11, 20, 1, tzinfo=KATHMANDU),
            2,
            epoch(2026, 11, 19, 23, 45, zone=KATHMANDU),
            0,
        ),
        (
            datetime(2026, 11, 20, 1, tzinfo=KATHMANDU),
            2,
            epoch(2026, 11, 20, 0, 0, zone=KATHMANDU),
            1,
        ),
    ],
)
def test_the_local_day_of_an_instant_across_dst(
    now: datetime, count: int, instant: int, index: int | None
):
    days = LocalDays.build(now, count)
    assert days.index(instant) == index
    if index is not None:
        _day, start, end = days.days[index]
        assert start <= instant < end


def test_runs_of_constant_offset_cover_a_dst_change():
    days = LocalDays.build(datetime(2026, 10, 27, 12, tzinfo=BERLIN), 4)
    change = int(datetime(2026, 10, 25, 1, 0, tzinfo=UTC).timestamp())  # 03:00 CEST -> 02:00 CET
    assert days.runs == ((days.start, 7200), (change, 3600))
