"""Reading a page in its format, and finding the format again when a page moves.

Providers move between platforms (four did in a few weeks of 2026). :class:`PageReader` reads
a provider as configured; when its page stops answering in that format (a 404, an HTML page,
"does not look like a ... page") for :data:`MOVES_AFTER` polls in a row, or on the first poll
of a provider never read yet, it asks the cheap, well-known endpoint of every format in a fixed
order (:data:`PROBES`), confirms the first that answers by reading it completely, and reads the
page that way from then on, saying so in the provider's notes (which the poller logs once).
Providers given without a ``type`` are detected the same way: that is no news to the user (they
left the format to the app), so it is logged once at INFO and is no note. What was found is
remembered in a small JSON file in the data directory and re-checked whenever the page stops
parsing.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from trayapp import sources
from trayapp.core.i18n import _
from trayapp.core.model import (
    DocumentKind,
    Endpoint,
    FailureKind,
    ProviderSpec,
    ProviderStatus,
    Reading,
)
from trayapp.core.urls import host_of, redact
from trayapp.polling.detect_cache import DetectionCache
from trayapp.polling.fetch import Fetcher, FetchError, make_client
from trayapp.sources import checkly

log = logging.getLogger(__name__)

AUTO = sources.AUTO_TYPE
MOVES_AFTER = 3  # polls in a row not in the configured format before detection runs


async def fetch_documents(
    fetcher: Fetcher, endpoints: Sequence[Endpoint], *, forced: bool = False
) -> list[Any]:
    """Every document, in order; a missing optional one is None (``forced``: see
    :meth:`Fetcher.get`).

    A required document that fails raises its :class:`FetchError`, and so does the first failure
    when every document failed (the page told us nothing).
    """
    results = await asyncio.gather(
        *(fetcher.get(e, forced=forced) for e in endpoints), return_exceptions=True
    )
    documents: list[Any] = []
    failures: list[FetchError] = []
    for endpoint, result in zip(endpoints, results, strict=True):
        if isinstance(result, FetchError) and endpoint.optional:
            failures.append(result)
            documents.append(None)
        elif isinstance(result, BaseException):
            raise result
        else:
            documents.append(result)
    if failures and len(failures) == len(documents):
        raise failures[0]
    return documents


def with_notes(status: ProviderStatus, notes: Sequence[str]) -> ProviderStatus:
    """``status`` with ``notes`` added after its own (no duplicates)."""
    extra = tuple(n for n in notes if n not in status.notes)
    return replace(status, notes=status.notes + extra) if extra else status


@dataclass(frozen=True)
class Probe:
    """One format's cheap, well-known document and how to recognise it."""

    type: str
    path: Callable[[ProviderSpec], str]
    recognise: Callable[[Any], str | None]  # the type it is, or None
    kind: DocumentKind = "json"


def _dict(doc: Any, *keys: str) -> Any:
    for key in keys:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc


def _statuspage_or_compat(doc: Any) -> str | None:
    if not isinstance(_dict(doc, "status", "indicator"), str):
        return None
    page_id = _dict(doc, "page", "id")
    # incident.io's compatible API has 26-character ULID page ids and no time zone.
    if isinstance(page_id, str) and len(page_id) == 26 and _dict(doc, "page", "time_zone") is None:
        return "incidentio"
    return "statuspage"


def _flashcat_feed(doc: Any) -> str | None:
    guids = [g.text or "" for g in doc.iter("guid")] if hasattr(doc, "iter") else []
    return "flashcat" if any(g.startswith("urn:flashduty:") for g in guids) else None


def _any_feed(doc: Any) -> str | None:
    tag = getattr(doc, "tag", "")
    return "feed" if tag in ("rss", "{http://www.w3.org/2005/Atom}feed") else None


def _host(spec: ProviderSpec) -> str:
    return host_of(spec.url)  # credentials never go into a path


PROBES: tuple[Probe, ...] = (
    Probe(
        "incidentio",
        lambda s: f"/proxy/{_host(s)}",
        lambda d: "incidentio" if isinstance(_dict(d, "summary", "structure"), dict) else None,
    ),
    Probe("statuspage", lambda s: "/api/v2/summary.json", _statuspage_or_compat),
    Probe(
        "instatus",
        lambda s: "/summary.json",
        lambda d: "instatus" if isinstance(_dict(d, "page", "status"), str) else None,
    ),
    Probe(
        "betterstack",
        lambda s: "/index.json",
        lambda d: "betterstack" if _dict(d, "data", "type") == "status_page" else None,
    ),
    Probe(
        "datadog",
        lambda s: "/config.json",
        lambda d: (
            "datadog"
            if isinstance(d, dict) and isinstance(d.get("components"), list) and "maintenances" in d
            else None
        ),
    ),
    Probe(
        "checkly",
        lambda s: f"/api/status-page/{checkly.slug(s)}/uptime",
        lambda d: "checkly" if isinstance(_dict(d, "metadata"), list) else None,
    ),
    Probe("flashcat", lambda s: "/feed.rss", _flashcat_feed, kind="xml"),
    Probe(
        "gcloud",
        lambda s: "/incidents.json",
        lambda d: "gcloud" if isinstance(d, list) else None,
    ),
    Probe("feed", lambda s: "", _any_feed, kind="xml"),
    Probe("feed", lambda s: "/feed.rss", _any_feed, kind="xml"),
    Probe("feed", lambda s: "/history.atom", _any_feed, kind="xml"),
    Probe("feed", lambda s: "/feed.xml", _any_feed, kind="xml"),
)


def base_url(spec: ProviderSpec) -> str:
    """The page's base URL: a feed's own URL loses its path, other URLs stay as they are."""
    if spec.type == "feed":
        parts = urlsplit(spec.url)
        return f"{parts.scheme}://{parts.netloc}"
    return spec.url.rstrip("/")


async def detect(
    fetcher: Fetcher,
    spec: ProviderSpec,
    now: datetime,
    walls: list[FetchError] | None = None,
    failures: list[FetchError] | None = None,
    *,
    forced: bool = False,
) -> tuple[ProviderSpec, Reading] | None:
    """The first format (in :data:`PROBES` order) in which the page reads completely; bot
    checks met on the way are added to ``walls``, every failed request to ``failures``. When
    nothing answers at all (refused, no such host, no answer in time) it stops there: every
    format is asked on the same server."""
    base = replace(spec, url=base_url(spec))
    tried: set[tuple[str, str]] = set()
    for probe in PROBES:
        if probe.type == "gcloud" and not spec.product:
            continue  # Google's documents need a product id to mean anything
        path = probe.path(base)
        url = spec.url if probe.type == "feed" and not path else base.url + path
        if (probe.type, url) in tried:
            continue
        tried.add((probe.type, url))
        try:
            document = await fetcher.get(Endpoint(url, kind=probe.kind), forced=forced)
        except FetchError as exc:
            if failures is not None:
                failures.append(exc)
            if exc.challenge and walls is not None:
                walls.append(exc)
                break  # the wall answers every path alike: asking on only provokes it
            if exc.kind is FailureKind.NETWORK:
                break  # nothing answers there: asking on only waits longer
            continue
        found = probe.recognise(document)
        if found is None:
            continue
        product = spec.product if found in ("gcloud", "checkly", "flashcat") else None
        candidate = replace(base, type=found, url=url if found == "feed" else base.url)
        candidate = replace(candidate, product=product)
        try:
            endpoints = sources.SOURCES[found].endpoints(candidate)
            documents = await fetch_documents(fetcher, endpoints, forced=forced)
            reading = sources.read(candidate, documents, now)
        except (FetchError, sources.SourceFormatError):
            continue
        return candidate, reading
    return None


def platform(source_type: str) -> str:
    """What the platform of ``source_type`` is called, in the user's language."""
    return _(sources.PLATFORMS[source_type]) if source_type in sources.PLATFORMS else source_type


def _looks_moved(exc: Exception) -> bool:
    """A failure that a move explains: the page answers, but not in its format."""
    if isinstance(exc, sources.SourceFormatError):
        return True
    if isinstance(exc, FetchError):
        if exc.challenge:  # a bot check says nothing of the page behind it
            return False
        if exc.kind is FailureKind.CONTENT:
            return True
        return exc.kind is FailureKind.HTTP and exc.status in (404, 410)
    return False


class PageReader:
    """Reads providers' pages in their format and follows pages that move."""

    def __init__(self, fetcher: Fetcher, cache: DetectionCache | None = None) -> None:
        self._fetcher = fetcher
        self._cache = cache if cache is not None else DetectionCache()
        self._found: dict[str, ProviderSpec] = {}  # provider id -> how it is read now
        self._misses: Counter[str] = Counter()
        self._read_once: set[str] = set()

    def current(self, spec: ProviderSpec) -> ProviderSpec:
        """How ``spec``'s page is read now: as configured, or as detected after a move."""
        return self._found.get(spec.id) or self._remembered(spec)

    async def read(
        self, spec: ProviderSpec, now: datetime, *, forced: bool = False
    ) -> tuple[ProviderSpec, Reading]:
        """How the page was read and what it says; raises FetchError or SourceFormatError.
        ``forced``: nothing kept is reused unasked (see :meth:`Fetcher.get`)."""
        used = self.current(spec)
        if used.type == AUTO:
            return await self._detect(spec, now, None, forced)
        try:
            documents = await fetch_documents(
                self._fetcher, sources.SOURCES[used.type].endpoints(used), forced=forced
            )
            reading = sources.read(used, documents, now)
        except (FetchError, sources.SourceFormatError) as exc:
            if not _looks_moved(exc):
                raise
            self._misses[spec.id] += 1
            if spec.id in self._read_once and self._misses[spec.id] < MOVES_AFTER:
                raise
            self._misses[spec.id] = 0
            return await self._detect(spec, now, exc, forced)
        self._misses[spec.id] = 0
        self._read_once.add(spec.id)
        return used, replace(reading, notes=reading.notes + self._move_notes(spec, used))

    async def _detect(
        self, spec: ProviderSpec, now: datetime, failure: Exception | None, forced: bool
    ) -> tuple[ProviderSpec, Reading]:
        walls: list[FetchError] = []
        failures: list[FetchError] = []
        found = await detect(self._fetcher, spec, now, walls, failures, forced=forced)
        current = self._found.get(spec.id) or self._remembered(spec)
        if found is None:
            if failure is not None:
                raise failure
            if walls:  # a bot check hides which format the page is in
                raise walls[0]
            if failures and failures[-1].kind is FailureKind.NETWORK:
                raise failures[-1]  # nothing answered: no format to speak of
            names = ", ".join(dict.fromkeys(platform(p.type) for p in PROBES))
            message = _("{host}: no known status page format answered (tried {names})")
            raise FetchError(
                message.format(host=host_of(spec.url), names=names), FailureKind.CONTENT
            )
        used, reading = found
        if used != current:
            self._found[spec.id] = used
            self._cache.remember(spec, used, now)
            if spec.type == AUTO:
                log.info("%s: platform detected: %s", spec.id, sources.PLATFORMS.get(used.type))
        self._read_once.add(spec.id)
        return used, replace(reading, notes=reading.notes + self._move_notes(spec, used))

    def _remembered(self, spec: ProviderSpec) -> ProviderSpec:
        return self._cache.recall(spec) or spec

    @staticmethod
    def _move_notes(spec: ProviderSpec, used: ProviderSpec) -> tuple[str, ...]:
        if used.type == spec.type:
            if used.url == spec.url or spec.type != "feed":
                return ()
            message = _("{name}'s status feed moved to {url}; reading it there")
            return (message.format(name=spec.name, url=redact(used.url)),)
        if spec.type == AUTO:
            return ()  # the user left the format to the app: finding it is no news
        message = _("{name}'s status page moved to {platform}; reading it there")
        return (message.format(name=spec.name, platform=platform(used.type)),)


async def find_page(
    url: str,
    name: str,
    now: datetime,
    product: str | None = None,
    failures: list[FetchError] | None = None,
) -> tuple[ProviderSpec, Reading] | None:
    """Detect the platform of the status page at ``url`` (for adding a page: ``add_page.py``).

    ``product`` is what some formats need to find their data: Google's product id, a Checkly
    slug, a Flashcat page id. Failed requests are added to ``failures``.
    """
    spec = ProviderSpec(id="new", name=name, type=AUTO, url=url, product=product)
    async with make_client() as client:
        return await detect(Fetcher(client), spec, now, failures=failures)
