"""What the fetcher keeps of each document between polls, so that an unchanged page costs a few
hundred bytes instead of its whole body.

- **Validators.** An answer's ``ETag`` and ``Last-Modified`` go back as ``If-None-Match`` and
  ``If-Modified-Since``; a 304 means "unchanged" and the kept body is read again. A 304 whose
  ETag is not the one asked about is not believed.
- **Servers that ignore them.** A page that answers a conditional request with a full 200 carrying
  the very validators it was asked about (Google's ``incidents.json``) is asked with a ``HEAD``
  first from then on: when the HEAD's validators are the kept ones, nothing is downloaded. Its
  whole body is still fetched every :data:`FULL_EVERY` seconds, whatever the HEAD says.
- **Validators that lie.** A full answer whose validators equal the kept ones but whose body
  differs means they do not follow the content: that page is asked plainly from then on.
- **max-age.** While an answer is fresh (its ``max-age``, at most five minutes: see
  ``core/cadence.py``) it is reused without asking, by both clocks: a suspended computer does
  not keep old answers fresh.
- **Failures.** Any failure forgets what was kept: the next request is unconditional, so a 304
  after a failure can never bring back a page from before it.

Bodies are kept zlib-compressed (a 170 KB document is ~30 KB here).
"""

from __future__ import annotations

import hashlib
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from trayapp.core.cadence import Look, freshness

# A page read through HEADs is still downloaded whole this often, in case its HEAD lies.
FULL_EVERY = 15 * 60.0


@dataclass
class Kept:
    """One document's last full answer, and what its server has shown about itself."""

    etag: str | None
    last_modified: str | None
    packed: bytes  # the body, zlib-compressed
    content_type: str
    digest: bytes
    cache_control: str
    fresh_until: float  # monotonic
    fresh_until_wall: float  # time.time(): both must agree for the body to be reused unasked
    fetched_at: float  # monotonic, last full body
    head_first: bool = False  # the server ignores conditional requests; a HEAD tells change
    plain: bool = False  # its validators do not follow the content: ask without them

    @property
    def body(self) -> bytes:
        return zlib.decompress(self.packed)


class ConditionalCache:
    """Per URL: validators, the body, its freshness, and what the server has shown."""

    def __init__(
        self,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._monotonic = monotonic
        self._wall = wall
        self._kept: dict[str, Kept] = {}
        # Learnt about a server, kept even when its document is forgotten after a failure.
        self._ignores_conditionals: set[str] = set()
        self._lying_validators: set[str] = set()
        # URL -> what its last look cost (for core.cadence.cheap).
        self.looks: dict[str, Look] = {}

    def monotonic(self) -> float:
        return self._monotonic()

    def get(self, url: str) -> Kept | None:
        return self._kept.get(url)

    def fresh(self, url: str) -> Kept | None:
        """The kept answer if it may still be reused without asking (max-age)."""
        kept = self._kept.get(url)
        if kept is None:
            return None
        if self._monotonic() < kept.fresh_until and self._wall() < kept.fresh_until_wall:
            self.looks[url] = Look(True, kept.cache_control)
            return kept
        return None

    def fresh_until(self, url: str) -> float | None:
        """Monotonic time until which ``url`` is not to be asked again, if that is later than
        now."""
        kept = self._kept.get(url)
        if kept is None or self._monotonic() >= kept.fresh_until:
            return None
        return kept.fresh_until

    def conditional_headers(self, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for ``url`` (none when they would not be honoured)."""
        kept = self._kept.get(url)
        if kept is None or kept.plain or kept.head_first:
            return {}
        headers = {}
        if kept.etag:
            headers["If-None-Match"] = kept.etag
        if kept.last_modified:
            headers["If-Modified-Since"] = kept.last_modified
        return headers

    def head_first(self, url: str) -> Kept | None:
        """The kept answer when a HEAD should be asked before any download."""
        kept = self._kept.get(url)
        if kept is None or not kept.head_first or kept.plain:
            return None
        if self._monotonic() - kept.fetched_at >= FULL_EVERY:
            return None  # time for the whole body again, whatever a HEAD would say
        return kept

    def not_modified(self, url: str, headers: Mapping[str, str]) -> Kept | None:
        """The kept answer a 304 confirms, or None when the 304 cannot be believed (nothing was
        asked about, or it names another ETag than the one asked about)."""
        kept = self._kept.get(url)
        sent = self.conditional_headers(url)
        if kept is None or not sent:
            return None
        etag = headers.get("etag")
        if etag is not None and kept.etag is not None and _weak(etag) != _weak(kept.etag):
            return None
        self._renew(url, kept, headers)
        self.looks[url] = Look(True, kept.cache_control)
        return kept

    def head_unchanged(self, url: str, kept: Kept, headers: Mapping[str, str]) -> bool:
        """True when a HEAD's validators show the kept body is still the page's."""
        etag, modified = headers.get("etag"), headers.get("last-modified")
        if not etag and not modified:
            return False  # a HEAD that says nothing proves nothing
        if etag and (not kept.etag or _weak(etag) != _weak(kept.etag)):
            return False
        if modified and modified != kept.last_modified:
            return False
        self._renew(url, kept, headers)
        self.looks[url] = Look(True, kept.cache_control)
        return True

    def store(
        self,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        content_type: str,
        wire_bytes: int,
        asked: Mapping[str, str],
    ) -> None:
        """Keep a full answer (``asked``: the conditional headers the request carried)."""
        etag, modified = headers.get("etag"), headers.get("last-modified")
        cache_control = headers.get("cache-control", "")[:1000]
        digest = hashlib.sha256(body).digest()
        before = self._kept.get(url)
        self.looks[url] = Look(False, cache_control, wire_bytes)
        if before is not None and _same_validators(before, etag, modified):
            if before.digest != digest:
                self._lying_validators.add(url)
            elif asked:
                self._ignores_conditionals.add(url)  # asked, and sent it all the same
        lifetime = freshness(cache_control, headers.get("age"))
        if not (etag or modified or lifetime):
            self._kept.pop(url, None)
            return
        now = self._monotonic()
        self._kept[url] = Kept(
            etag=etag,
            last_modified=modified,
            packed=zlib.compress(body, 6),
            content_type=content_type,
            digest=digest,
            cache_control=cache_control,
            fresh_until=now + lifetime,
            fresh_until_wall=self._wall() + lifetime,
            fetched_at=now,
            head_first=url in self._ignores_conditionals and bool(etag or modified),
            plain=url in self._lying_validators,
        )

    def forget(self, url: str) -> None:
        """Drop what was kept for ``url`` (after a failure: nothing old may come back)."""
        self._kept.pop(url, None)
        self.looks.pop(url, None)

    def _renew(self, url: str, kept: Kept, headers: Mapping[str, str]) -> None:
        cache_control = headers.get("cache-control")
        if cache_control is not None:
            kept.cache_control = cache_control[:1000]
        lifetime = freshness(kept.cache_control, headers.get("age"))
        kept.fresh_until = self._monotonic() + lifetime
        kept.fresh_until_wall = self._wall() + lifetime


def _weak(tag: str) -> str:
    """An ETag compared weakly (RFC 9110 8.8.3.2): ``W/"x"`` and ``"x"`` are the same."""
    return tag.strip().removeprefix("W/")


def _same_validators(kept: Kept, etag: str | None, modified: str | None) -> bool:
    if etag and kept.etag:
        return _weak(etag) == _weak(kept.etag)
    return bool(modified) and modified == kept.last_modified
