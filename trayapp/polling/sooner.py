"""Quick confirmation in the polling loop: between two regular polls, ask a provider whose
state just changed once more, about 15 s later (who and when: ``core/confirm.py``)."""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from trayapp.core.confirm import due_confirmations
from trayapp.core.model import Snapshot
from trayapp.polling.poller import Poller, utcnow

log = logging.getLogger(__name__)

# sleep(seconds) -> True when woken early (a refresh or stop): the regular poll takes over.
Sleep = Callable[[float], Awaitable[bool]]


class QuickConfirmations:
    """Remembers the last snapshot and the confirmations due before the next regular poll."""

    def __init__(
        self,
        poller: Poller,
        clock: Callable[[], datetime] = utcnow,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._poller = poller
        self._clock = clock
        self._jitter = jitter
        self._last: Snapshot | None = None
        self._due: dict[str, datetime] = {}

    @property
    def pending(self) -> dict[str, datetime]:
        return dict(self._due)

    def note(
        self, snapshot: Snapshot, next_poll: datetime, confirming: frozenset[str] = frozenset()
    ) -> None:
        """Take a published snapshot; a regular one replaces whatever was still pending."""
        due = due_confirmations(
            self._last,
            snapshot,
            self._clock(),
            next_poll,
            confirming=confirming,
            not_before=self._poller.not_before(),
            jitter=self._jitter(),
        )
        if snapshot.observed is None:
            self._due = due
        else:
            for pid in confirming:
                self._due.pop(pid, None)
            self._due.update(due)
        self._last = snapshot

    async def wait(
        self, interval: float, sleep: Sleep, publish: Callable[[Snapshot], None]
    ) -> None:
        """Sleep ``interval`` seconds, running the confirmations that fall due meanwhile."""
        deadline = self._clock() + timedelta(seconds=interval)
        while True:
            now = self._clock()
            upcoming = [when for when in self._due.values() if when < deadline]
            if not upcoming:
                await sleep(max(0.0, (deadline - now).total_seconds()))
                return
            if await sleep(max(0.0, (min(upcoming) - now).total_seconds())):
                return
            now = self._clock()
            ids = frozenset(pid for pid, when in self._due.items() if when <= now)
            if not ids:
                continue
            try:
                snapshot = await self._poller.poll(only=ids)
            except Exception:  # a failed confirmation costs that look, never the loop
                log.exception("a quick confirmation failed")
                for pid in ids:
                    self._due.pop(pid, None)
                continue
            log.info("quick confirmation of %s", ", ".join(sorted(ids)))
            publish(snapshot)
            self.note(snapshot, deadline, confirming=ids)
