"""Cheap looks through a witness: a small document that changes whenever a bigger one does.

Statuspage serves ``/api/v2/status.json`` (~215 bytes: the page's ``updated_at`` and its
indicator) beside ``summary.json`` (4-40 KB). The witness is asked on every look (conditionally,
so usually a 304); the summary only when the witness changed, or when :data:`RECHECK_EVERY` has
passed since it was last read (then conditionally too, usually a 304 as well).

Nothing here may keep an old summary green: the pair counts only when both documents agree on
the fields the endpoint names (``agree_on``: a witness newer than the summary read with it does
not vouch for it, so the summary is read again next time), a witness that fails or goes missing
means the summary is read directly, and the summary itself is read at least every few minutes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from trayapp.core.cadence import Look
from trayapp.core.model import Endpoint, FailureKind
from trayapp.core.urls import host_of
from trayapp.polling.conditional import ConditionalCache
from trayapp.polling.decode import FetchError, decode

log = logging.getLogger(__name__)

# The document behind a witness is asked at least this often (conditionally: a 304 when same).
RECHECK_EVERY = 5 * 60.0
# A witness the page does not serve (404, not JSON) is not asked for again for this long.
MISSING_FOR = 60 * 60.0

Get = Callable[[Endpoint, bool], Awaitable[Any]]  # (endpoint, forced) -> the document


@dataclass(frozen=True)
class _Pair:
    mark: bytes  # the witness as it was when the document was read
    read_at: float  # monotonic


class Witnesses:
    """Remembers, per document, the witness it was read with."""

    def __init__(self, cache: ConditionalCache, monotonic: Callable[[], float] = time.monotonic):
        self._cache = cache
        self._monotonic = monotonic
        self._pairs: dict[str, _Pair] = {}
        self._missing_until: dict[str, float] = {}

    def in_use(self, witness: str) -> bool:
        """False while the page is known not to serve this witness."""
        return self._missing_until.get(witness, 0.0) <= self._monotonic()

    async def get(self, endpoint: Endpoint, get_one: Get, forced: bool = False) -> Any:
        """``endpoint``'s document, downloaded only when its witness says it changed.

        ``forced``: both are asked (conditionally), whatever the witness would vouch for."""
        assert endpoint.witness is not None
        main = replace(endpoint, witness=None)
        now = self._monotonic()
        if not self.in_use(endpoint.witness):
            return await get_one(main, forced)
        try:
            seen = await get_one(Endpoint(endpoint.witness, endpoint.kind), forced)
        except FetchError as exc:
            self._pairs.pop(endpoint.url, None)
            if exc.kind is FailureKind.CONTENT or exc.status in (404, 410):
                log.info("%s: no usable witness (%s)", host_of(endpoint.url), exc.message)
                self._missing_until[endpoint.witness] = now + MISSING_FOR
            return await get_one(main, forced)
        mark = _mark(seen)
        pair = self._pairs.get(endpoint.url)
        kept = self._cache.get(endpoint.url)
        if (
            not forced
            and pair is not None
            and kept is not None
            and pair.mark == mark
            and now - pair.read_at < RECHECK_EVERY
        ):
            self._cache.looks[endpoint.url] = Look(True, kept.cache_control)
            return decode(kept.body, endpoint.kind, kept.content_type, host_of(endpoint.url))
        document = await get_one(main, forced)
        if all(_agree(seen, document, path) for path in endpoint.agree_on):
            self._pairs[endpoint.url] = _Pair(mark, now)
        else:
            self._pairs.pop(endpoint.url, None)
        return document


def _mark(document: Any) -> bytes:
    text = json.dumps(document, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _agree(witness: Any, document: Any, path: str) -> bool:
    value = _at(witness, path)
    return value is not None and value == _at(document, path)


def _at(document: Any, path: str) -> Any:
    for key in path.split("."):
        document = document.get(key) if isinstance(document, dict) else None
    return document
