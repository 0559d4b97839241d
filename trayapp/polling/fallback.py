"""Fallback URLs: other origins of the same page, for when the main URL turns a poller away.

Some status pages sit behind a bot wall that the page's own origin does not have (Claude's
status.claude.com answers every client with a CloudFront 405 challenge since 2026-09-17, while
anthropic.statuspage.io serves the same page). A provider may list ``fallback_urls``; when its
main URL answers with a bot check, an HTML page where a document was expected, or a 4xx, they
are tried in order, read in the same format, and the reading says where it came from ("read
from anthropic.statuspage.io"). The link shown stays the main URL.

A URL that turned us away rests before it is asked again (a bot check for 15 minutes and more,
other refusals a poll interval, doubling), so a challenged page is not provoked every poll while
its fallback is read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from trayapp import sources
from trayapp.core.backoff import challenge_delay, retry_delay
from trayapp.core.i18n import _
from trayapp.core.model import FailureKind, ProviderSpec, Reading
from trayapp.core.urls import host_of, redact
from trayapp.polling.detect import AUTO, PageReader, detect, fetch_documents
from trayapp.polling.fetch import Fetcher, FetchError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Rest:
    """A URL that turned us away: not asked again before ``until`` (monotonic seconds)."""

    until: float
    refusals: int  # in a row
    failure: FetchError  # what it said when last asked


def turned_away(exc: Exception) -> bool:
    """True for what another origin of the same page may not do: a bot check, an HTML page
    where a document was expected, a 4xx."""
    if not isinstance(exc, FetchError):
        return False
    return exc.challenge or exc.html or (exc.status is not None and 400 <= exc.status < 500)


class OriginReader:
    """Reads a provider at its main URL and, when that turns us away, at its fallback URLs."""

    def __init__(
        self,
        pages: PageReader,
        fetcher: Fetcher,
        poll_interval: float,
        monotonic: Callable[[], float],
    ) -> None:
        self._pages = pages
        self._fetcher = fetcher
        self._interval = poll_interval
        self._monotonic = monotonic
        self._rests: dict[str, _Rest] = {}
        # (provider id, fallback URL) -> how that origin reads, for providers given without a
        # type and never read at their main URL.
        self._found: dict[tuple[str, str], ProviderSpec] = {}

    async def read(
        self, spec: ProviderSpec, now: datetime, *, forced: bool = False
    ) -> tuple[ProviderSpec, Reading]:
        """How the page was read and what it says; raises FetchError or SourceFormatError.
        ``forced``: nothing kept is reused unasked (see :meth:`Fetcher.get`)."""
        if not spec.fallback_urls:
            return await self._pages.read(spec, now, forced=forced)
        failures: list[FetchError] = []
        resting = self._resting(spec.url)
        if resting is None:
            try:
                result = await self._pages.read(spec, now, forced=forced)
            except FetchError as exc:
                if not turned_away(exc):
                    raise
                self._rest(spec.url, exc)
                failures.append(exc)
            else:
                self._rests.pop(spec.url, None)
                return result
        else:
            failures.append(resting.failure)
        for url in spec.fallback_urls:
            resting = self._resting(url)
            if resting is not None:
                failures.append(resting.failure)
                continue
            try:
                used, reading = await self._read_at(spec, url, now, forced)
            except (FetchError, sources.SourceFormatError) as exc:
                failure = _as_fetch_error(exc, url, spec)
                if turned_away(failure):
                    self._rest(url, failure)
                failures.append(failure)
                continue
            self._rests.pop(url, None)
            origin = host_of(url)
            notes = (_("read from {host}").format(host=origin), failures[0].message)
            return used, replace(reading, notes=reading.notes + notes, read_from=origin)
        raise _combined(failures)

    def _resting(self, url: str) -> _Rest | None:
        rest = self._rests.get(url)
        return rest if rest is not None and self._monotonic() < rest.until else None

    def _rest(self, url: str, failure: FetchError) -> None:
        before = self._rests.get(url)
        refusals = before.refusals + 1 if before else 1
        if failure.challenge:
            delay = challenge_delay(refusals, self._interval)
        else:
            delay = retry_delay(refusals, self._interval, failure.retry_after)
        # Half an interval early: the regular poll that falls due then asks it again.
        until = self._monotonic() + delay - self._interval / 2
        self._rests[url] = _Rest(until, refusals, failure)
        # Config URLs may carry credentials or a token: the log gets the address without them.
        log.info("%s turned us away (%s); asking it again in %.0f s", redact(url), failure, delay)

    async def _read_at(
        self, spec: ProviderSpec, url: str, now: datetime, forced: bool
    ) -> tuple[ProviderSpec, Reading]:
        """Read ``spec``'s page at the fallback ``url``, in the format its main URL is read."""
        used = self._pages.current(spec)
        if used.type == AUTO:
            return await self._detect_at(spec, url, now, forced)
        documents = await fetch_documents(
            self._fetcher,
            sources.SOURCES[used.type].endpoints(replace(used, url=url)),
            forced=forced,
        )
        # Parsed as the main page: links built from the base URL lead to the page users know.
        return used, sources.read(used, documents, now)

    async def _detect_at(
        self, spec: ProviderSpec, url: str, now: datetime, forced: bool
    ) -> tuple[ProviderSpec, Reading]:
        known = self._found.get((spec.id, url))
        if known is not None:
            documents = await fetch_documents(
                self._fetcher, sources.SOURCES[known.type].endpoints(known), forced=forced
            )
            return _shown_as(known, spec), sources.read(known, documents, now)
        candidate_spec = replace(spec, url=url, fallback_urls=())
        found = await detect(self._fetcher, candidate_spec, now, forced=forced)
        if found is None:
            message = _("{host}: no known status page format answered").format(host=host_of(url))
            raise FetchError(message, FailureKind.CONTENT)
        candidate, reading = found
        self._found[(spec.id, url)] = candidate
        return _shown_as(candidate, spec), reading


def _shown_as(found: ProviderSpec, spec: ProviderSpec) -> ProviderSpec:
    """``found`` (read at a fallback) with the main URL, which is what users are shown."""
    return replace(found, url=spec.url, fallback_urls=spec.fallback_urls)


def _as_fetch_error(exc: Exception, url: str, spec: ProviderSpec) -> FetchError:
    if isinstance(exc, FetchError):
        return exc
    message = _("{host} does not look like a {type} page: {problem}").format(
        host=host_of(url), type=spec.type, problem=exc
    )
    return FetchError(message, FailureKind.CONTENT)


def _combined(failures: Sequence[FetchError]) -> FetchError:
    """One failure for the provider: every origin's words, the main URL's reason; a bot check
    only when every origin answered with one (then the provider backs off as long)."""
    first = failures[0]
    message = "; ".join(dict.fromkeys(f.message for f in failures))
    waits = [f.retry_after for f in failures]
    return FetchError(
        message,
        first.kind,
        min(w for w in waits if w is not None) if None not in waits else None,
        first.status,
        reason=first.reason,
        challenge=all(f.challenge for f in failures),
        html=first.html,
    )
