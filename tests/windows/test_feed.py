"""Where the details window's view comes from: the tray's, or its own polling, and never a
view (or a history record) that arrives after its source was stopped."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gi.repository import GLib

from tests.e2e.app_runner import SUMMARY
from tests.statusserver import StatusServer
from trayapp import history
from trayapp.core.model import ProviderSpec
from trayapp.desktop.instance import LOCK_NAME, InstanceLock
from trayapp.settings import paths
from trayapp.settings.config import Config
from trayapp.views import details_json
from trayapp.views.details_view import DetailsView
from trayapp.windows.context import Context
from trayapp.windows.feed import FromTray, OwnPolling


class Link:
    """The tray's side as the window's source sees it, recording what it is asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.replies: list[Callable[[str], None]] = []

    def on_details(self, listener: Callable[[str], None]) -> int:
        return 7

    def get_details(self, reply: Callable[[str], None], error: Callable[[str], None]) -> None:
        self.replies.append(reply)

    def unsubscribe(self, subscription: int) -> None:
        self.asked.append(f"unsubscribe {subscription}")

    def unwatch(self) -> None:
        self.asked.append("unwatch")


def test_the_tray_s_late_reply_is_not_drawn_and_the_tray_stops_building_views():
    link = Link()
    views: list[DetailsView] = []
    source = FromTray(link, views.append, lambda problem: None)  # type: ignore[arg-type]
    source.stop()  # the window closed before the tray answered
    link.replies[0](details_json.dumps(DetailsView(None)))
    assert views == []
    assert link.asked == ["unsubscribe 7", "unwatch"]


def own_polling(home: Path, url: str, views: list[DetailsView]) -> OwnPolling:
    spec = ProviderSpec("claude", "Claude", "statuspage", url)
    config = Config(providers=(spec,), poll_interval=60)
    return OwnPolling(Context(config, home / "config.toml"), views.append)


def run_until(check: Callable[[], Any], timeout: float = 30.0) -> None:
    context = GLib.MainContext.default()
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        context.iteration(False)
        time.sleep(0.01)


def recorded() -> int:
    path = history.database_path()
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM provider").fetchone()[0])


def test_the_window_records_no_second_history_while_a_tray_runs(home: Path):
    """Where a tray runs without a control channel, it records every poll itself."""
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        tray = InstanceLock(paths.runtime_dir() / LOCK_NAME)
        tray.acquire()
        views: list[DetailsView] = []
        polling = own_polling(home, server.url, views)
        try:
            run_until(lambda: any(v.overall is not None for v in views))
            time.sleep(0.5)  # what the recorder would write, written
        finally:
            polling.stop()
        assert recorded() == 0
        tray.release()  # no tray any more: the window keeps the history
        views.clear()
        polling = own_polling(home, server.url, views)
        try:
            run_until(lambda: any(v.overall is not None for v in views))
            run_until(lambda: recorded() == 1)
        finally:
            polling.stop()


def test_a_snapshot_queued_before_the_window_closed_is_neither_drawn_nor_recorded(home: Path):
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        views: list[DetailsView] = []
        polling = own_polling(home, server.url, views)
        run_until(lambda: any(v.overall is not None for v in views))
        snapshot = polling._snapshot
        assert snapshot is not None
        polling.stop()
        shown = len(views)
        polling._on_snapshot(snapshot, True)  # what GLib.idle_add still delivers
        polling._on_history([])
        polling._on_died("stopped")
        assert len(views) == shown
