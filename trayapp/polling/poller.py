"""Polling every watched provider concurrently and turning the answers into a snapshot."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from trayapp import sources
from trayapp.core.aggregate import build_snapshot, failed_status, provider_status
from trayapp.core.backoff import retry_delay
from trayapp.core.model import FailureKind, ProviderSpec, ProviderStatus, Snapshot
from trayapp.core.probe import apply_probe
from trayapp.core.urls import host_of
from trayapp.polling.fetch import Fetcher, FetchError
from trayapp.polling.probe import Prober

log = logging.getLogger(__name__)

STALE_AFTER_POLLS = 3
# Pages fetched at once, matching the client's pool. httpcore scans its whole pool per request,
# so more connections cost more CPU than they save; 16 measured best (bench/poll_bench.py).
CONCURRENCY = 16


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Track:
    """What the poller remembers about one provider between polls."""

    status: ProviderStatus | None = None
    failures: int = 0
    retry_at: datetime | None = None  # backoff: skip regular polls until then
    not_before: datetime | None = None  # the server's Retry-After: even "Refresh now" waits


class Poller:
    """Polls providers; keeps last results, backoff and staleness between polls."""

    def __init__(
        self,
        specs: Sequence[ProviderSpec],
        fetcher: Fetcher,
        poll_interval: float,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.specs = tuple(specs)
        self._fetcher = fetcher
        self._interval = poll_interval
        self._clock = clock
        self._stale_after = timedelta(seconds=poll_interval * STALE_AFTER_POLLS)
        self._tracks = {spec.id: _Track() for spec in self.specs}
        self._limit = asyncio.Semaphore(CONCURRENCY)
        # API probes asked beside the pages, if set (polling/probe.py).
        self.prober: Prober | None = None
        self._asked: dict[str, ProviderStatus] = {}  # pages actually fetched this round

    async def poll(
        self,
        *,
        forced: bool = False,
        grace: float | None = None,
        on_partial: Callable[[Snapshot], None] | None = None,
        only: Collection[str] | None = None,
    ) -> Snapshot:
        """Poll every provider (or those in ``only``) once and return the snapshot.

        With ``grace``, a first snapshot goes to ``on_partial`` after that many seconds, with
        slower pages still showing their previous result, so one slow page delays nobody.
        """
        specs = [s for s in self.specs if only is None or s.id in only]
        tasks = [asyncio.create_task(self._poll_provider(spec, forced)) for spec in specs]
        if grace is not None and on_partial is not None:
            _, pending = await asyncio.wait(tasks, timeout=grace)
            if pending:
                on_partial(self.snapshot())
        await asyncio.gather(*tasks)
        if self.prober is not None:
            asked, self._asked = self._asked, {}
            self.prober.settle(specs, asked, self._clock())
        snapshot = self.snapshot()
        return snapshot if only is None else replace(snapshot, observed=frozenset(only))

    def not_before(self) -> dict[str, datetime]:
        """Provider id -> the earliest time it may be asked again (backoff, Retry-After)."""
        waits = {pid: _later(t.retry_at, t.not_before) for pid, t in self._tracks.items()}
        return {pid: when for pid, when in waits.items() if when is not None}

    def snapshot(self) -> Snapshot:
        now = self._clock()
        statuses = []
        for spec in self.specs:
            track = self._tracks[spec.id]
            if track.status is None:
                statuses.append(failed_status(spec, "not checked yet", FailureKind.CONTENT, now))
            else:
                probe = self.prober.reading(spec.id) if self.prober else None
                statuses.append(apply_probe(track.status, probe))
        return build_snapshot(statuses, now)

    async def _poll_provider(self, spec: ProviderSpec, forced: bool) -> None:
        track = self._tracks[spec.id]
        now = self._clock()
        wait_until = track.not_before if forced else _later(track.retry_at, track.not_before)
        if wait_until is not None and now < wait_until and track.status is not None:
            # Still backing off: keep what we had, but let it age into "unknown".
            track.status = failed_status(
                spec,
                track.status.error or "waiting before retrying",
                track.status.failure or FailureKind.HTTP,
                now,
                track.status,
                self._stale_after,
            )
            return
        async with self._limit:
            if self.prober is None:
                track.status = await self._read(spec, track)
                return
            # The API probe goes with its page: same round, same backoff.
            status, _probed = await asyncio.gather(
                self._read(spec, track), self.prober.check(spec, self._clock())
            )
            track.status = self._asked[spec.id] = status

    async def _read(self, spec: ProviderSpec, track: _Track) -> ProviderStatus:
        try:
            documents = await asyncio.gather(
                *(
                    self._fetcher.get(endpoint)
                    for endpoint in sources.SOURCES[spec.type].endpoints(spec)
                )
            )
            reading = sources.read(spec, documents, self._clock())
        except FetchError as exc:
            return self._failed(spec, track, exc.message, exc.kind, exc.retry_after)
        except sources.SourceFormatError as exc:
            message = f"{host_of(spec.url)} does not look like a {spec.type} page: {exc}"
            return self._failed(spec, track, message, FailureKind.CONTENT, None)
        except Exception as exc:  # a bug must cost one provider one poll, never the thread
            log.exception("polling %s failed unexpectedly", spec.id)
            message = f"internal error while reading {host_of(spec.url)} ({type(exc).__name__})"
            return self._failed(spec, track, message, FailureKind.CONTENT, None)
        track.failures = 0
        track.retry_at = track.not_before = None
        return provider_status(spec, reading, self._clock())

    def _failed(
        self,
        spec: ProviderSpec,
        track: _Track,
        message: str,
        kind: FailureKind,
        retry_after: float | None,
    ) -> ProviderStatus:
        now = self._clock()
        track.failures += 1
        delay = retry_delay(track.failures, self._interval, retry_after)
        # Regular polls inside this window are skipped; after a first failure, none are.
        track.retry_at = now + timedelta(seconds=delay - self._interval)
        track.not_before = now + timedelta(seconds=retry_after) if retry_after else None
        log.warning("%s: %s (attempt %d, next in %.0f s)", spec.id, message, track.failures, delay)
        return failed_status(spec, message, kind, now, track.status, self._stale_after)


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a or b
    return max(a, b)
