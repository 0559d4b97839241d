"""Polling every watched provider concurrently and turning the answers into a snapshot."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from trayapp import sources
from trayapp.core.aggregate import build_snapshot, failed_status, provider_status
from trayapp.core.backoff import MAX_RETRY_AFTER, challenge_delay, retry_delay
from trayapp.core.i18n import _
from trayapp.core.model import FailureKind, ProviderSpec, ProviderStatus, Reason, Snapshot
from trayapp.core.probe import apply_probe
from trayapp.core.urls import host_of
from trayapp.polling.detect import PageReader, with_notes
from trayapp.polling.fallback import OriginReader
from trayapp.polling.fetch import Fetcher, FetchError
from trayapp.polling.probe import Prober

log = logging.getLogger(__name__)

STALE_AFTER_POLLS = 3
# A whole poll ends this many seconds after it starts; providers still unanswered are unknown.
POLL_DEADLINE = 12.0
# Wall and monotonic time disagreeing by more than this between polls means the computer slept
# or the clock was stepped: every provider is asked again and older data is not trusted.
RESUME_SLACK = 30.0


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Track:
    """What the poller remembers about one provider between polls (times are monotonic)."""

    status: ProviderStatus | None = None
    failures: int = 0
    challenges: int = 0  # bot checks in a row: backed off longer than other failures
    good_at: float | None = None  # when the page last gave a reading
    retry_at: float | None = None  # backoff: skip regular polls until then
    not_before: float | None = None  # the server's Retry-After: even "Refresh now" waits
    notes_logged: tuple[str, ...] = ()


class Poller:
    """Polls providers; keeps last results, backoff and staleness between polls.

    ``clock`` (aware wall time) dates what is shown; ``monotonic`` measures every interval, so
    a clock stepped back or forward never freezes a provider or keeps old data green.
    """

    def __init__(
        self,
        specs: Sequence[ProviderSpec],
        fetcher: Fetcher,
        poll_interval: float,
        clock: Callable[[], datetime] = utcnow,
        pages: PageReader | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        deadline: float = POLL_DEADLINE,
    ) -> None:
        self.specs = tuple(specs)
        self._fetcher = fetcher
        # Reads each page in its format; follows pages that move (polling/detect.py), and
        # tries a provider's fallback URLs when its page sends a bot check (polling/fallback.py).
        self._pages = OriginReader(pages or PageReader(fetcher), fetcher, poll_interval, monotonic)
        self._interval = poll_interval
        self._clock = clock
        self._monotonic = monotonic
        self._deadline = deadline
        self._stale_after = timedelta(seconds=poll_interval * STALE_AFTER_POLLS)
        self._tracks = {spec.id: _Track() for spec in self.specs}
        self._last_seen: tuple[float, datetime] | None = None
        # API probes asked beside the pages, if set (polling/probe.py).
        self.prober: Prober | None = None
        self._asked: dict[str, ProviderStatus] = {}  # pages actually fetched this round

    def set_interval(self, seconds: float) -> None:
        """Poll every ``seconds`` from now on (the data saver): staleness and backoff follow."""
        self._interval = seconds
        self._stale_after = timedelta(seconds=seconds * STALE_AFTER_POLLS)

    async def poll(
        self,
        *,
        forced: bool = False,
        grace: float | None = None,
        on_partial: Callable[[Snapshot], None] | None = None,
        only: Collection[str] | None = None,
    ) -> Snapshot:
        """Poll every provider (or those in ``only``) once and return the snapshot, within the
        poll's deadline.

        With ``grace``, a first snapshot goes to ``on_partial`` after that many seconds, with
        slower pages still showing their previous result, so one slow page delays nobody.
        Providers unanswered at the deadline are unknown ("timed out").
        """
        if self._resumed():
            forced = True
        loop = asyncio.get_running_loop()
        ends = loop.time() + self._deadline
        specs = [s for s in self.specs if only is None or s.id in only]
        tasks = {asyncio.create_task(self._poll_provider(spec, forced)): spec for spec in specs}
        pending: set[asyncio.Task[None]] = set(tasks)
        if grace is not None and on_partial is not None and pending:
            _done, pending = await asyncio.wait(pending, timeout=min(grace, self._deadline))
            if pending:
                on_partial(self.snapshot())
        if pending:
            _done, pending = await asyncio.wait(pending, timeout=max(0.0, ends - loop.time()))
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in pending:
            spec = tasks[task]
            message = _("{host} timed out (no answer within {seconds:g} s)").format(
                host=host_of(spec.url), seconds=self._deadline
            )
            track = self._tracks[spec.id]
            track.status = self._failed(
                spec, track, message, FailureKind.NETWORK, None, reason=Reason.SLOW
            )
        if self.prober is not None:
            asked, self._asked = self._asked, {}
            self.prober.settle(specs, asked, self._clock())
        snapshot = self.snapshot()
        return snapshot if only is None else replace(snapshot, observed=frozenset(only))

    def not_before(self) -> dict[str, datetime]:
        """Provider id -> the earliest (wall) time it may be asked again (backoff, Retry-After)."""
        mono, wall = self._monotonic(), self._clock()
        waits = {pid: _later(t.retry_at, t.not_before) for pid, t in self._tracks.items()}
        return {
            pid: wall + timedelta(seconds=when - mono)
            for pid, when in waits.items()
            if when is not None
        }

    def snapshot(self) -> Snapshot:
        now = self._clock()
        statuses = []
        for spec in self.specs:
            track = self._tracks[spec.id]
            if track.status is None:
                statuses.append(failed_status(spec, _("not checked yet"), FailureKind.CONTENT, now))
            else:
                probe = self.prober.reading(spec.id) if self.prober else None
                statuses.append(apply_probe(track.status, probe))
        return build_snapshot(statuses, now)

    def _resumed(self) -> bool:
        """True after a suspend, a stepped clock or a late poll: older data is then untrusted."""
        mono, wall = self._monotonic(), self._clock()
        last, self._last_seen = self._last_seen, (mono, wall)
        if last is None:
            return False
        mono_gap = mono - last[0]
        wall_gap = (wall - last[1]).total_seconds()
        late = mono_gap > self._interval * STALE_AFTER_POLLS
        if abs(wall_gap - mono_gap) <= RESUME_SLACK and not late:
            return False
        log.info(
            "resumed or clock changed (%.0f s of wall time in %.0f s): asking every page again",
            wall_gap,
            mono_gap,
        )
        for spec in self.specs:
            track = self._tracks[spec.id]
            track.retry_at = None
            track.good_at = None
            if track.status is not None and track.status.state.is_known:
                track.status = failed_status(
                    spec,
                    _("checking again after the computer resumed or the clock changed"),
                    FailureKind.CONTENT,
                    wall,
                    track.status,
                )
        return True

    async def _poll_provider(self, spec: ProviderSpec, forced: bool) -> None:
        track = self._tracks[spec.id]
        try:
            await self._poll_one(spec, track, forced)
        except Exception as exc:  # whatever one page does, the others are published
            log.exception("polling %s failed unexpectedly", spec.id)
            message = _("internal error while reading {host} ({error})").format(
                host=host_of(spec.url), error=type(exc).__name__
            )
            track.status = failed_status(
                spec, message, FailureKind.CONTENT, self._clock(), reason=Reason.BROKEN
            )

    async def _poll_one(self, spec: ProviderSpec, track: _Track, forced: bool) -> None:
        mono = self._monotonic()
        wait_until = track.not_before if forced else _later(track.retry_at, track.not_before)
        if wait_until is not None and mono < wait_until and track.status is not None:
            # Still backing off: keep what we had, but let it age into "unknown".
            track.status = failed_status(
                spec,
                track.status.error or _("waiting before retrying"),
                track.status.failure or FailureKind.HTTP,
                self._clock(),
                track.status,
                self._stale_after,
                age=self._age(track),
                reason=track.status.reason,
            )
            return
        if self.prober is None:
            track.status = await self._read(spec, track, forced)
            return
        # The API probe goes with its page: same round, same backoff.
        status, _probed = await asyncio.gather(
            self._read(spec, track, forced), self.prober.check(spec, self._clock())
        )
        track.status = self._asked[spec.id] = status

    async def _read(self, spec: ProviderSpec, track: _Track, forced: bool) -> ProviderStatus:
        try:
            # Forced (Refresh now, a resume): every page is asked, none answered from max-age.
            used, reading = await self._pages.read(spec, self._clock(), forced=forced)
        except FetchError as exc:
            return self._failed(
                spec,
                track,
                exc.message,
                exc.kind,
                exc.retry_after,
                reason=exc.reason,
                challenge=exc.challenge,
            )
        except sources.SourceFormatError as exc:
            message = _("{host} does not look like a {type} page: {problem}").format(
                host=host_of(spec.url), type=spec.type, problem=exc
            )
            return self._failed(spec, track, message, FailureKind.CONTENT, None, Reason.BROKEN)
        except (RecursionError, ValueError, OverflowError) as exc:
            # Odd values deep in a document (dates, numbers): the page's fault, not a bug.
            log.info("%s: unreadable value (%s)", spec.id, type(exc).__name__, exc_info=True)
            message = _("{host} sent a value that cannot be read").format(host=host_of(spec.url))
            return self._failed(spec, track, message, FailureKind.CONTENT, None, Reason.BROKEN)
        track.failures = track.challenges = 0
        track.retry_at = track.not_before = None
        track.good_at = self._monotonic()
        status = with_notes(provider_status(used, reading, self._clock()), reading.notes)
        if status.notes != track.notes_logged:
            track.notes_logged = status.notes
            for note in status.notes:
                log.warning("%s: %s", spec.id, note)
        return status

    def _age(self, track: _Track) -> float:
        return math.inf if track.good_at is None else self._monotonic() - track.good_at

    def _failed(
        self,
        spec: ProviderSpec,
        track: _Track,
        message: str,
        kind: FailureKind,
        retry_after: float | None,
        reason: Reason | None = None,
        challenge: bool = False,
    ) -> ProviderStatus:
        mono = self._monotonic()
        if retry_after is not None and not 0 <= retry_after <= MAX_RETRY_AFTER:
            retry_after = MAX_RETRY_AFTER if retry_after > 0 else None
        track.failures += 1
        delay = retry_delay(track.failures, self._interval, retry_after)
        # A bot check answers every request alike: asking again soon only provokes the next.
        track.challenges = track.challenges + 1 if challenge else 0
        if challenge:
            delay = max(delay, challenge_delay(track.challenges, self._interval))
        # Regular polls inside this window are skipped; after a first failure, none are.
        track.retry_at = mono + delay - self._interval
        track.not_before = mono + retry_after if retry_after else None
        log.warning("%s: %s (attempt %d, next in %.0f s)", spec.id, message, track.failures, delay)
        return failed_status(
            spec,
            message,
            kind,
            self._clock(),
            track.status,
            self._stale_after,
            age=self._age(track),
            reason=reason,
        )


def _later(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return a if b is None else b
    return max(a, b)
