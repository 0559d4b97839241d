"""Recording off the caller's thread: the tray and ``watch`` hand over each whole poll here."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

from trayapp.core.history import ProviderHistory
from trayapp.core.model import Snapshot, State
from trayapp.history.writer import HistoryWriter

log = logging.getLogger(__name__)

Report = Callable[[list[ProviderHistory]], None]
REPORT_EVERY = timedelta(minutes=5)


class Recorder:
    """Writes each poll in one transaction on a worker thread, then reports the histories.

    ``record`` only queues: a slow disk or a locked file never holds up the polling thread or
    the UI. ``on_report`` (called on the worker) receives every provider's history once at
    :meth:`start`, after a poll in which some provider's state changed, and otherwise at most
    every :data:`REPORT_EVERY` (reading 90 days of 15 providers costs ~0.1 s of CPU).
    """

    def __init__(
        self, path: Path, clock: Callable[[], datetime], on_report: Report | None = None
    ) -> None:
        self._writer = HistoryWriter(path)
        self._clock = clock
        self._on_report = on_report
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="history")
        self._states: dict[str, State] = {}
        self._reported: datetime | None = None
        self._changed_before = False

    def start(self) -> None:
        self._submit(self._report)

    def record(self, snapshot: Snapshot) -> None:
        def job() -> None:
            self._writer.record(snapshot)
            self._writer.prune(self._clock())
            at = snapshot.checked_at
            states = {p.id: p.state for p in snapshot.providers}
            changed, self._states = states != self._states, states
            # The poll after a change is the first with time in the new state, and figures
            # move on every poll while something is wrong: read them again then too.
            due = changed or self._changed_before or any(s.is_problem for s in states.values())
            self._changed_before = changed
            if due or self._reported is None or at - self._reported >= REPORT_EVERY:
                self._reported = at
                self._report()

        self._submit(job)

    def close(self) -> None:
        """Finish what is queued (each job is bounded by the lock timeout), then close."""
        self._worker.shutdown(wait=True)
        self._writer.close()

    def _report(self) -> None:
        if self._on_report is None:
            return
        histories = self._writer.read(self._clock())
        if histories is not None:
            self._on_report(histories)

    def _submit(self, job: Callable[[], None]) -> None:
        def guarded() -> None:
            try:
                job()
            except Exception:  # history is never worth the app
                log.exception("recording history failed")

        try:
            self._worker.submit(guarded)
        except RuntimeError:
            log.debug("history job dropped while quitting")
