"""Faults of the history file, made for real: history may be lost, never the app."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from tests.history.test_store import OK, T0, X, minutes, poll, status
from trayapp.core.history import ProviderHistory
from trayapp.history.recorder import Recorder
from trayapp.history.store import HistoryStore
from trayapp.history.writer import HistoryWriter


def outages_in(path: Path) -> int:
    with HistoryStore.open(path) as store:
        return sum(len(h.outages) for h in store.read(minutes(30)))


def test_a_corrupted_file_is_set_aside_logged_once_and_started_afresh(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    writer = HistoryWriter(path)
    with caplog.at_level(logging.WARNING):
        assert writer.record(poll(minutes(0), status("a", X)))
        assert writer.record(poll(minutes(1), status("a", OK)))
    writer.close()
    (aside,) = tmp_path.glob("history.sqlite3.corrupt-*")
    assert aside.name == "history.sqlite3.corrupt-20261120T120000Z"
    assert aside.read_bytes().startswith(b"this is not a database")
    assert [r.message for r in caplog.records] == [
        f"history file was damaged; moved it to {aside} and started a new one"
    ]
    assert outages_in(path) == 1


def test_damage_found_while_running_is_handled_the_same_way(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    writer = HistoryWriter(path)
    for n in range(50):
        writer.record(poll(minutes(n), status("a", X if n % 2 else OK, components=())))
    writer.close()
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * 8192  # scribble over table pages
    path.write_bytes(bytes(data))
    writer = HistoryWriter(path)
    writer.record(poll(minutes(60), status("a", OK)))
    assert writer.record(poll(minutes(61), status("a", X)))
    writer.close()
    assert len(list(tmp_path.glob("history.sqlite3.corrupt-*"))) == 1
    assert outages_in(path) == 1


def test_a_locked_file_blocks_nobody_and_the_polls_go_in_later(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process in the middle of a write
    writer = HistoryWriter(path, timeout=0.05)
    started = time.monotonic()
    assert not writer.record(poll(minutes(0), status("a", X)))
    assert not writer.record(poll(minutes(1), status("a", X)))
    assert time.monotonic() - started < 1.0
    assert writer.pending == 2
    other.execute("ROLLBACK")
    other.close()
    assert writer.record(poll(minutes(2), status("a", OK)))
    assert writer.pending == 0
    writer.close()
    with HistoryStore.open(path) as store:
        (a,) = store.read(minutes(3))
    assert (a.outages[0].started_at, a.outages[0].ended_at) == (minutes(0), minutes(2))


def test_a_full_disk_loses_history_not_the_app(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    path = tmp_path / "history.sqlite3"
    writer = HistoryWriter(path)
    store = writer.store(T0)
    assert store is not None
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
    many = [status(f"p{i}", X, "x" * 150) for i in range(200)]
    with caplog.at_level(logging.WARNING):
        assert not writer.record(poll(minutes(0), *many))
    assert writer.pending == 0, "nothing piles up in memory"
    assert [r.message for r in caplog.records] == [
        "history not written (SQLITE_FULL: database or disk is full); carrying on without it"
    ]
    # Space again (a fresh connection has no page limit): history carries on, nothing half-done.
    assert writer.record(poll(minutes(2), status("a", OK)))
    writer.close()
    with HistoryStore.open(path) as fresh:
        assert [h.id for h in fresh.read(minutes(3))] == ["a"]


def test_a_file_from_a_newer_app_turns_history_off_quietly(tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 7")
    db.close()
    before = path.read_bytes()
    writer = HistoryWriter(path)
    assert not writer.record(poll(T0, status("a", OK)))
    assert writer.read(T0) is None
    assert path.read_bytes() == before


def test_an_unusable_data_directory_is_survived(tmp_path: Path):
    (tmp_path / "data").write_text("a file where the directory should be")
    writer = HistoryWriter(tmp_path / "data" / "history.sqlite3")
    assert not writer.record(poll(T0, status("a", OK)))
    assert writer.read(T0) is None


def test_the_recorder_writes_off_the_callers_thread_and_reports(tmp_path: Path):
    reports: list[tuple[str, list[ProviderHistory]]] = []
    done = threading.Event()

    def on_report(histories: list[ProviderHistory]) -> None:
        reports.append((threading.current_thread().name, histories))
        if len(reports) == 3:
            done.set()

    clock = iter([minutes(n) for n in range(10)])
    recorder = Recorder(tmp_path / "h.sqlite3", lambda: next(clock), on_report)
    recorder.start()
    recorder.record(poll(minutes(0), status("a", X)))
    recorder.record(poll(minutes(1), status("a", OK)))
    assert done.wait(10)
    recorder.close()
    assert reports[0][1] == [], "the first report is the history found at start"
    name, last = reports[-1]
    assert name.startswith("history") and name != threading.current_thread().name
    assert last[0].outages[0].duration(minutes(5)) == timedelta(minutes=1)


def test_the_recorder_reports_on_changes_while_down_and_every_five_minutes_otherwise(
    tmp_path: Path,
):
    reported: list[int] = []
    now = [minutes(0)]
    recorder = Recorder(tmp_path / "h.sqlite3", lambda: now[0], lambda h: reported.append(1))
    recorder.start()
    timeline = [(1, OK), (2, OK), (3, X), (4, X), (5, X), (9, X), (10, OK), (11, OK), (12, OK)]
    for minute, state in timeline:
        now[0] = minutes(minute)
        recorder.record(poll(now[0], status("a", state)))
    recorder.close()
    # start; the first poll (a change from nothing) and the poll after it; the change to X and
    # every poll while X (the figures move: 4, 5, 9); the change to OK and the poll after it
    # (its first minute back); then quiet (12) until five minutes have passed.
    assert len(reported) == 9
