"""Between two regular polls: ask a provider whose state just changed once more, about 15 s
later (who and when: ``core/confirm.py``), and pages where re-asking is cheap (a 304, a small
witness or body) once more halfway (``core/cadence.py``); neither before a page's own max-age
has run out."""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from trayapp import sources
from trayapp.core.cadence import cheap, extra_polls
from trayapp.core.confirm import due_confirmations
from trayapp.core.model import ProviderSpec, Snapshot
from trayapp.polling.fetch import Fetcher
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
        fetcher: Fetcher | None = None,
        cheap_interval: float | None = None,
    ) -> None:
        self._poller = poller
        self._clock = clock
        self._jitter = jitter
        self._fetcher = fetcher
        # None: no extra looks at cheap pages (and the data saver sets it so).
        self.cheap_interval = cheap_interval
        self._last: Snapshot | None = None
        self._due: dict[str, datetime] = {}  # confirmations
        self._extra: dict[str, datetime] = {}  # extra looks at cheap pages

    def cheap_ids(self) -> set[str]:
        """The providers whose every document's last look cost little (core/cadence.py)."""
        if self._fetcher is None or self.cheap_interval is None:
            return set()
        looks = self._fetcher.looks
        found = set()
        for spec in self._poller.specs:
            urls = self._urls(spec)
            known = bool(urls) and all(u in looks for u in urls)
            if known and cheap((looks[u] for u in urls), self.cheap_interval):
                found.add(spec.id)
        return found

    def _not_before(self) -> dict[str, datetime]:
        """The poller's waits (backoff, Retry-After) and each page's own max-age."""
        waits = self._poller.not_before()
        if self._fetcher is None:
            return waits
        now, mono = self._clock(), self._fetcher.cache.monotonic()
        for spec in self._poller.specs:
            until = [self._fetcher.cache.fresh_until(u) for u in self._urls(spec)]
            if until and all(u is not None for u in until):  # asking would ask nobody
                when = now + timedelta(seconds=min(u for u in until if u is not None) - mono)
                waits[spec.id] = max(when, waits.get(spec.id, when))
        return waits

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
            not_before=self._not_before(),
            jitter=self._jitter(),
        )
        if snapshot.observed is None:
            self._due = due
            self._extra = self._extras(self.cheap_ids(), next_poll)
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
            upcoming = [w for w in (*self._due.values(), *self._extra.values()) if w < deadline]
            if not upcoming:
                await sleep(max(0.0, (deadline - now).total_seconds()))
                return
            if await sleep(max(0.0, (min(upcoming) - now).total_seconds())):
                return
            now = self._clock()
            confirming = frozenset(pid for pid, when in self._due.items() if when <= now)
            extra = frozenset(pid for pid, when in self._extra.items() if when <= now)
            if not confirming and not extra:
                continue
            for pid in extra:
                del self._extra[pid]
            try:
                snapshot = await self._poller.poll(only=confirming | extra)
            except Exception:  # a failed look costs that look, never the loop
                log.exception("a quick look failed")
                for pid in confirming:
                    self._due.pop(pid, None)
                continue
            log.debug("quick look at %s", ", ".join(sorted(confirming | extra)))
            publish(snapshot)
            self.note(snapshot, deadline, confirming=confirming)
            self._extra.update(self._extras(extra & self.cheap_ids(), deadline))

    def _urls(self, spec: ProviderSpec) -> list[str]:
        """Every document a provider's look asks for (its witnesses in use included); [] while
        its platform is unknown."""
        source = sources.SOURCES.get(spec.type)
        if source is None or self._fetcher is None:
            return []
        endpoints = source.endpoints(spec)
        witnesses = self._fetcher.witnesses
        return [e.url for e in endpoints] + [
            e.witness for e in endpoints if e.witness and witnesses.in_use(e.witness)
        ]

    def _extras(self, ids: set[str] | frozenset[str], next_poll: datetime) -> dict[str, datetime]:
        if self.cheap_interval is None or not ids:
            return {}
        return extra_polls(ids, self._clock(), next_poll, self.cheap_interval)
