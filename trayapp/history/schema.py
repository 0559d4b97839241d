"""The history database's schema and its forward migrations.

``PRAGMA user_version`` holds the schema version. Each migration moves the file one version
forward inside a transaction; a file from a newer version of the app is left untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from trayapp.core.history import STATES
from trayapp.core.i18n import _

_BUCKET_COLUMNS = ", ".join(f"s_{s.value} INTEGER NOT NULL DEFAULT 0" for s in STATES)

MIGRATIONS: tuple[str, ...] = (
    # 1: providers, the latest poll and state changes per provider ('' component) and per
    # watched component, incidents, time per state in buckets.
    f"""
    CREATE TABLE provider (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
    CREATE TABLE latest (
        provider INTEGER NOT NULL REFERENCES provider(id), component TEXT NOT NULL,
        at INTEGER NOT NULL, state INTEGER NOT NULL,
        PRIMARY KEY (provider, component)) WITHOUT ROWID;
    CREATE TABLE change (
        provider INTEGER NOT NULL REFERENCES provider(id), component TEXT NOT NULL,
        at INTEGER NOT NULL, state INTEGER NOT NULL);
    CREATE INDEX change_by_time ON change (provider, component, at);
    CREATE TABLE bucket (
        provider INTEGER NOT NULL REFERENCES provider(id), start INTEGER NOT NULL,
        {_BUCKET_COLUMNS}, PRIMARY KEY (provider, start)) WITHOUT ROWID;
    CREATE TABLE incident (
        provider INTEGER NOT NULL REFERENCES provider(id), key TEXT NOT NULL,
        title TEXT NOT NULL, impact TEXT NOT NULL, status TEXT NOT NULL, url TEXT,
        started_at INTEGER, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
        resolved_at INTEGER, PRIMARY KEY (provider, key));
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: the main incident's title on provider-level changes, so an outage can name its cause.
    """
    ALTER TABLE change ADD COLUMN incident TEXT;
    ALTER TABLE latest ADD COLUMN incident TEXT;
    """,
)
VERSION = len(MIGRATIONS)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """A write transaction, taken up front so a lock shows at BEGIN rather than halfway."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # SQLite has already rolled back after e.g. SQLITE_FULL
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class NewerSchema(Exception):
    """The file was written by a newer version of the app; it is left as it is."""


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """Open (creating) the database in WAL mode, migrated to :data:`VERSION`.

    ``timeout`` bounds how long a lock held by another process is waited for.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        _check_version(conn)  # before WAL mode, which rewrites the header
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; a crash may lose a poll
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection, target: int = VERSION) -> None:
    """Apply the migrations between the file's version and ``target``, each atomically."""
    current = _check_version(conn)
    for version in range(current, target):
        with transaction(conn):
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")


def _check_version(conn: sqlite3.Connection) -> int:
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current > VERSION:
        message = _("history schema {found} is newer than this app's ({supported})")
        raise NewerSchema(message.format(found=current, supported=VERSION))
    return current
