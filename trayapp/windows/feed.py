"""Where the details window's view comes from: the running tray, or the window's own polling.

With a tray on the session bus the window shows exactly what the tray sees (its view, sent on
every change) and its buttons act on the tray. Without one (none running, or a platform with
no channel yet) the window polls on its own: once at once, then every interval, recording
history and keeping mutes in the same files the tray uses. A tray that starts later takes over;
one that quits hands back to the window's own polling. Where a tray runs without a channel
(pystray's xorg backend, other platforms) it records the history itself: the window then does
not write a second one. A demo's window (``Context.channel``) follows its demo's tray alone
and never polls.

A source that was stopped ignores what still arrives for it (a snapshot already queued, a late
reply): it never draws over its successor or into a closed window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from gi.repository import GLib

from trayapp import history
from trayapp.core import since
from trayapp.core.history import ProviderHistory
from trayapp.core.i18n import _
from trayapp.core.model import Snapshot
from trayapp.desktop import instance
from trayapp.desktop.details_state import details
from trayapp.desktop.instance import LOCK_NAME
from trayapp.history.recorder import Recorder
from trayapp.polling.thread import PollingThread
from trayapp.settings import paths, prefs
from trayapp.settings.zone import local_zone
from trayapp.views import details_json
from trayapp.views.details_view import DetailsView
from trayapp.windows.context import Context
from trayapp.windows.tray_link import TrayLink

log = logging.getLogger(__name__)

OnView = Callable[[DetailsView], None]
OnProblem = Callable[[str], None]


class Source(Protocol):
    def refresh(self) -> None: ...
    def set_muted(self, provider_id: str, muted: bool) -> None: ...
    def stop(self) -> None: ...


class FromTray:
    """The tray's own view, followed through its ``DetailsChanged`` signal."""

    def __init__(self, link: TrayLink, on_view: OnView, on_problem: OnProblem) -> None:
        self._link = link
        self._on_view = on_view
        self._on_problem = on_problem
        self._stopped = False
        self._subscription = link.on_details(self._received)
        link.get_details(self._received, self._failed)

    def _failed(self, message: str) -> None:
        if not self._stopped:
            self._on_problem(message)

    def _received(self, text: str) -> None:
        if self._stopped:
            return
        try:
            view = details_json.loads(text)
        except ValueError as exc:
            log.warning("unreadable details from the tray: %s", exc)
            self._on_problem(str(exc))
            return
        self._on_view(view)

    def refresh(self) -> None:
        self._link.refresh()

    def set_muted(self, provider_id: str, muted: bool) -> None:
        self._link.set_muted(provider_id, muted)

    def stop(self) -> None:
        """No more views: the tray stops building them for this window (other windows of
        the process may stay open, so leaving the bus is not enough)."""
        self._stopped = True
        self._link.unsubscribe(self._subscription)
        self._link.unwatch()


class OwnPolling:
    """The window's own polling thread, history and mutes, as the tray would keep them."""

    def __init__(self, context: Context, on_view: OnView) -> None:
        self._context = context
        self._on_view = on_view
        self._zone = local_zone()
        self._prefs_file = paths.data_dir() / "prefs.json"
        self._prefs = prefs.load(self._prefs_file)
        self._snapshot: Snapshot | None = None
        self._history: dict[str, ProviderHistory] = {}
        self._tracks: dict[str, since.Track] = {}
        self._problem = context.config_problem
        self._stopped = False
        self._tray_lock = paths.runtime_dir() / LOCK_NAME
        self._recorder = Recorder(
            history.database_path(),
            clock=self._now,
            on_report=lambda found: GLib.idle_add(self._on_history, found),
        )
        self._thread = PollingThread(
            context.config,
            publish=lambda snapshot, complete: GLib.idle_add(self._on_snapshot, snapshot, complete),
            tick=lambda: None,
            died=lambda message: GLib.idle_add(self._on_died, message),
        )
        self._recorder.start()
        self._thread.start()
        self._show()

    def _now(self) -> datetime:
        return datetime.now(self._zone)

    def _on_snapshot(self, snapshot: Snapshot, complete: bool) -> bool:
        if self._stopped:
            return False
        self._snapshot = snapshot
        # A tray without a channel records the same polls: one history, the tray's.
        if complete and snapshot.observed is None and not instance.running(self._tray_lock):
            self._recorder.record(snapshot)
        self._tracks = since.advance(self._tracks, snapshot, self._history)
        self._show()
        return False

    def _on_history(self, found: list[ProviderHistory]) -> bool:
        if self._stopped:
            return False
        self._history = {h.id: h for h in found}
        self._tracks = since.seed(self._tracks, self._history)
        self._show()
        return False

    def _on_died(self, message: str) -> bool:
        if self._stopped:
            return False
        self._problem = message
        self._show()
        return False

    def _show(self) -> None:
        view = details(
            self._snapshot,
            self._history,
            self._tracks,
            self._prefs,
            self._context.config,
            self._now(),
            problem=self._problem,
        )
        self._on_view(view)

    def refresh(self) -> None:
        self._thread.refresh()

    def set_muted(self, provider_id: str, muted: bool) -> None:
        current = self._prefs.muted
        self._prefs = replace(
            self._prefs, muted=current | {provider_id} if muted else current - {provider_id}
        )
        prefs.save(self._prefs_file, self._prefs)  # the tray reads it when it starts
        self._show()

    def stop(self) -> None:
        self._stopped = True
        self._thread.stop()
        self._recorder.close()


class DetailsFeed:
    """Follows the tray's presence and keeps one source running: the tray's, else our own."""

    def __init__(
        self, context: Context, link: TrayLink, on_view: OnView, on_problem: OnProblem
    ) -> None:
        self._context = context
        self._link = link
        self._on_view = on_view
        self._on_problem = on_problem
        self.source: Source | None = None
        self.from_tray = False
        self._handle = 0

    def start(self) -> None:
        """Follow the tray from now on; the first view comes as soon as the bus answers."""
        self._handle = self._link.on_presence(self._presence)

    def _presence(self, present: bool) -> None:
        if self.source is not None and present == self.from_tray:
            return
        if self.source is not None:
            self.source.stop()
        self.from_tray = present
        if present:
            self.source = FromTray(self._link, self._on_view, self._on_problem)
        elif self._context.channel:  # a demo's window shows the replay or nothing: no network
            self.source = None
            self._on_problem(_("the demo is not running"))
            return
        else:
            self.source = OwnPolling(self._context, self._on_view)
        log.info("details from %s", "the tray" if present else "the window's own polling")

    def refresh(self) -> None:
        if self.source is not None:
            self.source.refresh()

    def set_muted(self, provider_id: str, muted: bool) -> None:
        if self.source is not None:
            self.source.set_muted(provider_id, muted)

    def stop(self) -> None:
        self._link.forget(self._handle)
        if self.source is not None:
            self.source.stop()
            self.source = None
