"""The history store against a real SQLite file: what goes in comes back as history."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trayapp.core.history import STATES, Bucket, Observation, Outage, held_until, split, summarise
from trayapp.core.model import Component, Incident, ProviderStatus, Snapshot, State
from trayapp.history.schema import VERSION, connect, migrate
from trayapp.history.store import HistoryStore

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OK, D, X, U = State.OPERATIONAL, State.DEGRADED, State.MAJOR_OUTAGE, State.UNKNOWN


def status(pid: str, state: State, incident: str | None = None, **kw) -> ProviderStatus:
    incidents = (
        (Incident(incident, state, "investigating", T0, url=f"https://s.example/{pid}"),)
        if incident
        else ()
    )
    return ProviderStatus(
        id=pid,
        name=pid.title(),
        state=state,
        checked_at=None,
        status_page="https://s.example",
        incidents=incidents,
        **kw,
    )


def poll(at: datetime, *providers: ProviderStatus) -> Snapshot:
    return Snapshot(overall=OK, checked_at=at, providers=providers)


def minutes(n: float) -> datetime:
    return T0 + timedelta(minutes=n)


def test_polls_come_back_as_uptime_outages_and_days(tmp_path: Path):
    path = tmp_path / "h.sqlite3"
    with HistoryStore.open(path) as store:
        for minute, state in enumerate("ooooodddxxuuoooo"):
            s = {"o": OK, "d": D, "x": X, "u": U}[state]
            store.record(poll(minutes(minute), status("a", s, "API errors" if s is X else None)))
    with HistoryStore.open(path) as store:  # reopened: it is on disk
        (a,) = store.read(minutes(16))
    assert a.id == "a" and a.name == "A"
    # 5 degraded-or-worse minutes, 2 unknown ones left out, 9 healthy (the last one held 1 min)
    assert a.uptime[1].uptime == pytest.approx(100 * 12 / 14)  # degraded is not downtime
    assert a.uptime[1].observed == pytest.approx(100 * 14 * 60 / 86400)
    assert a.outages == (Outage(X, minutes(5), minutes(12), "API errors"),)
    assert a.days[-1].worst is X and a.days[-1].observed_s == 14 * 60
    assert len(a.days) == 90


def test_a_poll_holds_its_state_ten_minutes_at_most(tmp_path: Path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        store.record(poll(T0, status("a", OK)))
        store.record(poll(T0 + timedelta(hours=5), status("a", OK)))  # the app was closed
        (a,) = store.read(T0 + timedelta(hours=5, minutes=30))
    assert a.days[-1].observed_s == 20 * 60


def test_components_state_changes_and_incidents_are_kept(tmp_path: Path):
    path = tmp_path / "h.sqlite3"
    api = (Component("API", OK), Component("Chat", OK))
    broken = (Component("API", X), Component("Chat", OK))
    with HistoryStore.open(path) as store:
        store.record(poll(minutes(0), status("a", OK, components=api)))
        store.record(poll(minutes(1), status("a", X, "Down", components=broken)))
        store.record(poll(minutes(2), status("a", X, "Down", components=broken)))
        store.record(poll(minutes(3), status("a", OK, components=api)))
    db = sqlite3.connect(path)
    changes = db.execute(
        "SELECT component, at, state FROM change ORDER BY at, component"
    ).fetchall()
    at = [int(minutes(n).timestamp()) for n in range(4)]
    assert changes == [
        ("", at[0], 0),
        ("API", at[0], 0),
        ("Chat", at[0], 0),
        ("", at[1], 4),
        ("API", at[1], 4),
        ("", at[3], 0),
        ("API", at[3], 0),
    ]
    incidents = db.execute(
        "SELECT key, title, impact, status, first_seen, last_seen, resolved_at FROM incident"
    ).fetchall()
    assert incidents == [
        ("https://s.example/a", "Down", "major_outage", "investigating", at[1], at[2], at[3])
    ]


def test_page_text_is_cleaned_before_it_is_stored(tmp_path: Path):
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        store.record(poll(minutes(0), status("a", X, "<b>Bad</b>\x1b[31m " + "x" * 5000)))
        (a,) = store.read(minutes(1))
    title = a.outages[0].incident
    assert title is not None and "\x1b" not in title and len(title) <= 200


def test_old_rows_are_pruned_once_a_day(tmp_path: Path):
    old = T0 - timedelta(days=100)
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        store.record(poll(old, status("a", X, "Ancient")))
        store.record(poll(old + timedelta(minutes=1), status("a", OK)))
        store.record(poll(T0, status("a", OK)))
        assert store.prune(T0)
        assert not store.prune(T0 + timedelta(hours=23)), "once a day"
        assert store.prune(T0 + timedelta(hours=25))
        count = store.conn.execute(
            "SELECT (SELECT COUNT(*) FROM bucket WHERE start < ?), "
            "(SELECT COUNT(*) FROM incident), (SELECT COUNT(*) FROM change)",
            (int(T0.timestamp()) - 90 * 86400,),
        ).fetchone()
        (a,) = store.read(T0 + timedelta(minutes=1))
    assert count == (0, 0, 0)
    assert a.outages == ()


def test_forget_leaves_nothing_behind(tmp_path: Path):
    path = tmp_path / "h.sqlite3"
    with HistoryStore.open(path) as store:
        store.record(poll(T0, status("a", X, "Secret incident title")))
        store.forget()
        assert store.read(T0) == []
    assert b"Secret incident" not in path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or b"Secret incident" not in wal.read_bytes()


def test_an_older_schema_is_migrated_forward_keeping_its_rows(tmp_path: Path):
    path = tmp_path / "h.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    migrate(old, target=1)
    at = int(T0.timestamp())
    old.execute("INSERT INTO provider (id, key, name) VALUES (1, 'a', 'A')")
    old.execute("INSERT INTO change (provider, component, at, state) VALUES (1, '', ?, 4)", (at,))
    old.execute("INSERT INTO latest (provider, component, at, state) VALUES (1, '', ?, 4)", (at,))
    old.close()
    with HistoryStore.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == VERSION == 2
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        store.record(poll(minutes(5), status("a", OK)))
        (a,) = store.read(minutes(6))
    assert a.outages == (Outage(X, T0, minutes(5), None),)
    assert a.uptime[1].uptime == pytest.approx(100 * 60 / 360)


def test_a_file_from_a_newer_app_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = path.read_bytes()
    with pytest.raises(Exception, match="newer than this app"):
        connect(path, 1.0)
    assert path.read_bytes() == before


def test_sums_made_by_sqlite_match_the_pure_maths(tmp_path: Path):
    """The store lets SQLite add up buckets per window and per local day (for speed); the
    result must equal the pure functions' over the very same buckets, DST day included."""
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 10, 27, 9, 17, tzinfo=berlin)
    rng = random.Random(5)
    with HistoryStore.open(tmp_path / "h.sqlite3") as store:
        at = now - timedelta(days=40)
        while at <= now:
            state = rng.choice([OK, OK, OK, OK, D, X, U, State.MAINTENANCE, State.OFFLINE])
            store.record(poll(at, status("a", state)))
            at += timedelta(seconds=rng.choice([60, 60, 300, 900, 7200]))
        got = store.read(now, days=30)[0]
        rows = store.conn.execute(
            "SELECT start, " + ", ".join(f"s_{s.value}" for s in STATES) + " FROM bucket"
        ).fetchall()
        latest = store.conn.execute("SELECT at, state FROM latest WHERE component = ''").fetchone()
        changes = store.conn.execute(
            "SELECT at, state, incident FROM change WHERE component = ''"
        ).fetchall()
    buckets = {start: list(seconds) for start, *seconds in rows}
    for start, seconds in split(latest[0], held_until(latest[0], int(now.timestamp()))):
        buckets.setdefault(start, [0] * len(STATES))[latest[1]] += seconds
    observations = [
        Observation(datetime.fromtimestamp(a, UTC), STATES[s], i) for a, s, i in changes
    ]
    expected = summarise(
        "a", "A", [Bucket(k, tuple(v)) for k, v in sorted(buckets.items())], observations, now, 30
    )
    assert got.uptime == expected.uptime
    assert got.days == expected.days
    assert got.outages == expected.outages
    assert any(c.length_s == 25 * 3600 for c in got.days), "the window spans the DST change"
