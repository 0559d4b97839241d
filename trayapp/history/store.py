"""The history file: polls written in one transaction each, read back as provider histories."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from trayapp.core.history import (
    KEEP_DAYS,
    STATES,
    WINDOWS,
    Observation,
    ProviderHistory,
    held_until,
    split,
    summarise_totals,
)
from trayapp.core.localdays import DAY, LocalDays
from trayapp.core.model import Incident, ProviderStatus, Snapshot, State
from trayapp.core.text import clean_text, safe_link
from trayapp.history.schema import connect, transaction

FILE_NAME = "history.sqlite3"
TITLE_LIMIT = 200
PRUNE_EVERY = 86400
_CODE = {state: code for code, state in enumerate(STATES)}
_SUMS = ", ".join(f"SUM(s_{s.value})" for s in STATES)


def _epoch(when: datetime) -> int:
    return int(when.timestamp())


def _title(incident: Incident | None) -> str | None:
    return clean_text(incident.title, TITLE_LIMIT) if incident is not None else None


def _incident_key(incident: Incident) -> str:
    # Pages give no stable id in the model; the incident's link is one, else title and start.
    link = safe_link(incident.url)
    started = incident.started_at.isoformat() if incident.started_at else ""
    return link or clean_text(f"{incident.title}|{started}", TITLE_LIMIT * 2)


class HistoryStore:
    """One open history file. Not thread-safe: one thread (the recorder's) uses it."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path, timeout: float = 1.0) -> HistoryStore:
        return cls(connect(path, timeout), path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def record(self, snapshot: Snapshot) -> None:
        """Add one whole poll: time per state, state changes, incidents (one transaction)."""
        at = _epoch(snapshot.checked_at)
        db = self.conn
        with transaction(db):
            ids = self._provider_ids(snapshot.providers)
            latest = {
                (pid, comp): (t, state, incident)
                for pid, comp, t, state, incident in db.execute(
                    "SELECT provider, component, at, state, incident FROM latest"
                )
            }
            for status in snapshot.providers:
                self._record_provider(ids[status.id], status, at, latest)

    def _provider_ids(self, providers: tuple[ProviderStatus, ...]) -> dict[str, int]:
        db = self.conn
        for p in providers:
            name = clean_text(p.name, TITLE_LIMIT)
            db.execute(
                "INSERT INTO provider (key, name) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET name = excluded.name "
                "WHERE name != excluded.name",
                (p.id, name),
            )
        return {key: pid for pid, key in db.execute("SELECT id, key FROM provider")}

    def _record_provider(
        self,
        pid: int,
        status: ProviderStatus,
        at: int,
        latest: dict[tuple[int, str], tuple[int, int, str | None]],
    ) -> None:
        db = self.conn
        # History is what the page said: a doubt raised only by the API probe is not an outage.
        state = State.OPERATIONAL if status.unconfirmed else status.state
        code = _CODE[state]
        title = _title(status.main_incident) if state.is_problem else None
        previous = latest.get((pid, ""))
        if previous is not None and at > previous[0]:
            column = f"s_{STATES[previous[1]].value}"
            for start, seconds in split(previous[0], held_until(previous[0], at)):
                db.execute(
                    f"INSERT INTO bucket (provider, start, {column}) VALUES (?, ?, ?) "  # noqa: S608
                    f"ON CONFLICT DO UPDATE SET {column} = {column} + excluded.{column}",
                    (pid, start, seconds),
                )
        if previous is not None and at < previous[0]:
            return  # an older poll arriving late (another process): its time is counted
        if previous is None or (previous[1], previous[2]) != (code, title):
            db.execute(
                "INSERT INTO change (provider, component, at, state, incident) "
                "VALUES (?, '', ?, ?, ?)",
                (pid, at, code, title),
            )
        db.execute(
            "INSERT OR REPLACE INTO latest (provider, component, at, state, incident) "
            "VALUES (?, '', ?, ?, ?)",
            (pid, at, code, title),
        )
        for component in status.components:
            name = clean_text(component.name, TITLE_LIMIT) or "?"
            known = latest.get((pid, name))
            comp_code = _CODE[component.state]
            if known is None or known[1] != comp_code:
                db.execute(
                    "INSERT INTO change (provider, component, at, state) VALUES (?, ?, ?, ?)",
                    (pid, name, at, comp_code),
                )
                db.execute(
                    "INSERT OR REPLACE INTO latest (provider, component, at, state) "
                    "VALUES (?, ?, ?, ?)",
                    (pid, name, at, comp_code),
                )
                latest[(pid, name)] = (at, comp_code, None)
        for incident in status.incidents:
            db.execute(
                "INSERT INTO incident (provider, key, title, impact, status, url, started_at, "
                "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO UPDATE SET title = excluded.title, impact = excluded.impact, "
                "status = excluded.status, last_seen = excluded.last_seen, resolved_at = NULL",
                (
                    pid,
                    _incident_key(incident),
                    clean_text(incident.title, TITLE_LIMIT),
                    incident.impact.value,
                    clean_text(incident.status, 40),
                    safe_link(incident.url),
                    _epoch(incident.started_at) if incident.started_at else None,
                    at,
                    at,
                ),
            )
        if status.state.is_known:  # a page read afresh no longer lists them: resolved
            db.execute(
                "UPDATE incident SET resolved_at = ? "
                "WHERE provider = ? AND resolved_at IS NULL AND last_seen < ?",
                (at, pid, at),
            )

    def prune(self, now: datetime, force: bool = False) -> bool:
        """Drop what is older than :data:`KEEP_DAYS`, at most once a day; True if it ran."""
        at = _epoch(now)
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'pruned_at'").fetchone()
        if not force and row is not None and at - int(row[0]) < PRUNE_EVERY:
            return False
        cutoff = at - KEEP_DAYS * 86400
        db = self.conn
        with transaction(db):
            db.execute("DELETE FROM bucket WHERE start < ?", (cutoff,))
            db.execute("DELETE FROM change WHERE at < ?", (cutoff,))
            db.execute("DELETE FROM incident WHERE last_seen < ?", (cutoff,))
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('pruned_at', ?)", (at,))
        return True

    # -- reading ---------------------------------------------------------------------------
    def providers(self) -> list[tuple[str, str]]:
        """(id, name) of every provider with history, in the order first seen."""
        return list(self.conn.execute("SELECT key, name FROM provider ORDER BY id"))

    def read(
        self, now: datetime, days: int = KEEP_DAYS, only: str | None = None
    ) -> list[ProviderHistory]:
        """Each provider's history up to ``now`` (aware, in the user's zone).

        The seconds are summed by SQLite (per window and per local day), so reading 90 days
        of 15 providers costs milliseconds rather than a Python loop over every bucket.
        """
        until = _epoch(now)
        local = LocalDays.build(now, days)
        db = self.conn
        names = {
            pid: (key, name)
            for pid, key, name in db.execute("SELECT id, key, name FROM provider ORDER BY id")
            if only is None or key == only
        }
        windows, by_day = self._totals(until, local)
        observations: dict[int, list[Observation]] = defaultdict(list)
        for pid, at, state, incident in db.execute(
            "SELECT provider, at, state, incident FROM change "
            "WHERE component = '' AND at >= ? ORDER BY at",
            (until - (KEEP_DAYS + 1) * DAY,),
        ):
            observations[pid].append(Observation(_utc(at), STATES[state], incident))
        polled: dict[int, datetime] = {}
        for pid, at, state in db.execute(
            "SELECT provider, at, state FROM latest WHERE component = ''"
        ):
            polled[pid] = _utc(at)
            # The latest poll vouches for the time since, like any other poll.
            for start, seconds in split(at, held_until(at, until)):
                for n in WINDOWS:
                    if until - n * DAY <= start <= until:
                        windows[pid][n][state] += seconds
                index = local.index(start)
                if index is not None:
                    by_day[pid][index][state] += seconds
        return [
            replace(
                summarise_totals(
                    key, name, windows[pid], by_day[pid], local, observations[pid], now
                ),
                last_polled=polled.get(pid),
            )
            for pid, (key, name) in names.items()
        ]

    def _totals(
        self, until: int, local: LocalDays
    ) -> tuple[dict[int, dict[int, list[int]]], dict[int, list[list[int]]]]:
        """Seconds per state per provider: by window (days) and by local day, in one scan.

        SQLite groups the buckets by (provider, local day, narrowest window): a day's index is
        its wall-clock time over 86,400, with the UTC offset of the run the bucket falls in.
        """
        width = len(STATES)
        edges = [until - n * DAY for n in WINDOWS]  # narrowest window first
        ladder = " ".join(f"WHEN start >= {edge} THEN {k}" for k, edge in enumerate(edges))
        ladder += f" ELSE {len(WINDOWS)}"  # before every window: a day cell only
        shift = " ".join(
            f"WHEN start >= {since} THEN {offset}" for since, offset in local.runs[::-1]
        )
        day = (
            f"CASE WHEN start < {local.start} OR start >= {local.end} THEN -1 "
            f"ELSE (start + CASE {shift} END - {local.base}) / {DAY} END"
        )
        windows: dict[int, dict[int, list[int]]] = defaultdict(
            lambda: {n: [0] * width for n in WINDOWS}
        )
        by_day: dict[int, list[list[int]]] = defaultdict(lambda: [[0] * width for _ in local.days])
        for pid, index, k, *seconds in self.conn.execute(
            f"SELECT provider, {day} AS d, CASE {ladder} END AS k, {_SUMS} "  # noqa: S608
            "FROM bucket WHERE start >= ? AND start <= ? GROUP BY provider, d, k",
            (min(edges[-1], local.start), until),
        ):
            if index >= 0:
                _add(by_day[pid][index], seconds)
            for n in WINDOWS[k:]:  # a bucket in the 1-day window is in every wider one
                _add(windows[pid][n], seconds)
        return windows, by_day

    def forget(self) -> None:
        """Delete every row and leave no copy in free pages or the write-ahead log.

        Done inside the file rather than by removing it, so a tray that has it open carries
        on with an empty history instead of writing to a deleted file.
        """
        db = self.conn
        with transaction(db):
            for table in ("bucket", "change", "latest", "incident", "meta", "provider"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _add(totals: list[int], seconds: list[int]) -> None:
    for i, value in enumerate(seconds):
        totals[i] += value


def _utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)
