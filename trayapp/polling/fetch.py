"""Fetching status documents over HTTP: bounded, polite, and honest about what went wrong."""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import ssl
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from trayapp.core.backoff import MAX_RETRY_AFTER
from trayapp.core.cadence import Look
from trayapp.core.i18n import _
from trayapp.core.model import Endpoint, FailureKind, Reason
from trayapp.core.urls import host_of, redact, redirect_problem, url_problem
from trayapp.polling.challenge import HEAD_BYTES, refuse_bot_wall, refuse_bot_wall_answer
from trayapp.polling.conditional import ConditionalCache, Kept
from trayapp.polling.connection import finish, send
from trayapp.polling.decode import FetchError as FetchError
from trayapp.polling.decode import decode as decode
from trayapp.polling.inflate import Inflater, too_big
from trayapp.polling.witness import Witnesses
from trayapp.version import version

log = logging.getLogger(__name__)

USER_AGENT = (
    f"ai-status-tray/{version()} (desktop status indicator; "
    "+https://github.com/ai-status-tray/ai-status-tray)"
)
MAX_BYTES = 5 * 1024 * 1024
DEADLINE = 10.0
MAX_REDIRECTS = 5
# Requests in flight at once, and to any one server. A server that hangs holds at most
# PER_HOST slots, so pages elsewhere still find free ones; the pool has exactly CONCURRENCY
# connections, so a request that got its slots never waits for a connection and its deadline
# measures the server alone. (Four per server queued the soak benchmark's fifteen faulty pages
# on one server, and the tray then held 9 MiB more; sixteen kept the earlier figure.)
# Only KEEP_ALIVE idle connections are kept between polls: httpcore scans its pool on every
# request, and more cost more CPU than the handshakes they save.
CONCURRENCY = 64
PER_HOST = 16
KEEP_ALIVE = 16
# An idle connection is kept this long (httpx's default is 5 s): the next look, 30-60 s later
# or five minutes with the data saver, then reuses it instead of paying a new TLS handshake
# (3-6 KB with the certificates, more than most looks cost). A server that closed it first is
# noticed by the pool; one that vanished silently (a NAT timeout) costs that look a timeout,
# which the poller absorbs (one failed poll keeps the last state).
KEEP_IDLE = 330.0
# Only codings inflated here under the cap; anything else is not asked for.
_ACCEPT_ENCODING = "gzip, deflate"
_RETRY_AFTER_DIGITS = re.compile(r"[0-9]{1,20}")
_ACCEPT = {
    "json": "application/json",
    "xml": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8",
}


def make_client(
    verify: ssl.SSLContext | bool = True, http2: bool = True, keep_idle: float = KEEP_IDLE
) -> httpx.AsyncClient:
    """The one HTTP client every source shares: connections kept between looks (idle for
    ``keep_idle`` seconds at most), HTTP/2 where the server offers it (one connection per
    server, headers compressed), common headers.
    ``verify``: the trust store (tests and benchmarks pass their own CA)."""
    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(DEADLINE, connect=5.0, read=8.0),
        follow_redirects=False,
        limits=httpx.Limits(
            max_connections=CONCURRENCY,
            max_keepalive_connections=KEEP_ALIVE,
            keepalive_expiry=keep_idle,
        ),
        http2=http2,
        verify=verify,
    )


class Fetcher:
    """Gets and decodes documents, remembering validators for conditional requests."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        max_bytes: int = MAX_BYTES,
        deadline: float = DEADLINE,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._max_bytes = max_bytes
        self._deadline = deadline
        self._wall = wall  # dates a Retry-After given as an HTTP date
        # Validators, bodies and freshness per URL (polling/conditional.py).
        self.cache = ConditionalCache(monotonic, wall)
        # Cheap documents that tell whether a bigger one changed (polling/witness.py).
        self.witnesses = Witnesses(self.cache, monotonic)
        # Waiting for a slot is not counted against the deadline: the server is not slow yet.
        self._slots = asyncio.Semaphore(CONCURRENCY)
        self._server_slots: dict[tuple[str, str, int | None], asyncio.Semaphore] = {}

    @property
    def looks(self) -> dict[str, Look]:
        """URL -> what its last look cost and said about asking again (core/cadence.py)."""
        return self.cache.looks

    async def get(self, endpoint: Endpoint, *, forced: bool = False) -> Any:
        """The decoded document at ``endpoint``; raises :class:`FetchError`.

        ``forced`` (*Refresh now*, the first poll after a resume): the server is asked even
        while a kept answer is fresh by its max-age; conditionally, so an unchanged page still
        costs only a 304."""
        if endpoint.witness:
            return await self.witnesses.get(endpoint, self._get_one, forced)
        return await self._get_one(endpoint, forced)

    async def _get_one(self, endpoint: Endpoint, forced: bool = False) -> Any:
        problem = url_problem(endpoint.url)
        if problem:
            raise FetchError(
                _("{url}: {problem}").format(url=redact(endpoint.url), problem=problem),
                FailureKind.CONFIG,
            )
        host = host_of(endpoint.url)
        server = self._server_slots.setdefault(_server(endpoint.url), asyncio.Semaphore(PER_HOST))
        async with server, self._slots:  # the server's first: a request queued there holds none
            try:
                return await self._get_within_deadline(endpoint, host, forced)
            except FetchError:
                self.cache.forget(endpoint.url)  # nothing from before a failure comes back
                raise

    async def _get_within_deadline(self, endpoint: Endpoint, host: str, forced: bool) -> Any:
        try:
            async with asyncio.timeout(self._deadline):
                return await self._get(endpoint, host, forced)
        except (TimeoutError, httpx.TimeoutException):
            message = _("{host} timed out (no answer within {seconds:g} s)")
            raise FetchError(
                message.format(host=host, seconds=self._deadline),
                FailureKind.NETWORK,
                reason=Reason.SLOW,
            ) from None
        except httpx.ConnectError as exc:
            raise FetchError(_connect_message(host, exc), FailureKind.NETWORK) from None
        except httpx.DecodingError:
            raise FetchError(
                _("{host} sent a garbled body").format(host=host), FailureKind.CONTENT
            ) from None
        except httpx.RemoteProtocolError:
            raise FetchError(
                _("{host} closed the connection before sending a complete response").format(
                    host=host
                ),
                FailureKind.CONTENT,
            ) from None
        except (httpx.ReadError, httpx.WriteError):
            raise FetchError(
                _("the connection to {host} was reset").format(host=host), FailureKind.NETWORK
            ) from None
        except httpx.HTTPError as exc:
            raise FetchError(
                _("{host}: {error}").format(host=host, error=type(exc).__name__),
                FailureKind.NETWORK,
            ) from None

    async def _get(self, endpoint: Endpoint, host: str, forced: bool) -> Any:
        url = endpoint.url
        fresh = None if forced else self.cache.fresh(url)
        if fresh is not None:  # its max-age has not run out: not asked again yet
            return _decoded(fresh, endpoint, host)
        headers = {"Accept": _ACCEPT[endpoint.kind], "Accept-Encoding": _ACCEPT_ENCODING}
        kept = self.cache.head_first(url)
        if kept is not None and await self._unchanged_by_head(url, kept, headers):
            return _decoded(kept, endpoint, host)
        asked = self.cache.conditional_headers(url)
        for _hop in range(MAX_REDIRECTS + 1):
            request = self._client.build_request("GET", url, headers={**headers, **asked})
            try:
                response = await send(self._client, request)
            except httpx.InvalidURL:
                # Our URL was checked above; httpx parses a redirect's Location even when it is
                # not followed, and a malformed one lands here.
                raise FetchError(_malformed_redirect(host), FailureKind.HTTP) from None
            except httpx.RemoteProtocolError as exc:
                if "location header" in str(exc).lower():
                    raise FetchError(_malformed_redirect(host), FailureKind.HTTP) from None
                raise
            try:
                if response.status_code == 304 and asked:
                    confirmed = self.cache.not_modified(endpoint.url, response.headers)
                    if confirmed is not None:
                        return _decoded(confirmed, endpoint, host)
                    # A 304 that names another version: ask once more, plainly.
                    self.cache.forget(endpoint.url)
                    asked = {}
                    continue
                if response.is_redirect and response.status_code != 304:
                    url = _redirect_target(url, response.headers.get("location", ""), host)
                    continue
                now = datetime.fromtimestamp(self._wall(), UTC)
                await refuse_bot_wall_answer(response, host, _retry_after(response, now))
                _check_status(response, host, now)
                body, received = await self._read_capped(response, host)
            finally:
                await finish(response)
            content_type = response.headers.get("content-type", "")
            try:
                document = decode(body, endpoint.kind, content_type, host)
            except FetchError as exc:
                if exc.html:  # an HTML page where a document was expected: a bot check's?
                    refuse_bot_wall(response.status_code, response.headers, body[:HEAD_BYTES], host)
                raise
            self.cache.store(endpoint.url, response.headers, body, content_type, received, asked)
            return document
        raise FetchError(
            _("{host}: more than {count} redirects").format(host=host, count=MAX_REDIRECTS),
            FailureKind.HTTP,
        )

    async def _unchanged_by_head(self, url: str, kept: Kept, headers: dict[str, str]) -> bool:
        """Ask a server that ignores conditional requests for the headers alone; True when they
        show the kept body is current. Any other answer (a redirect, 405, no validators) means
        the body is fetched as usual."""
        response = await send(
            self._client, self._client.build_request("HEAD", url, headers=headers)
        )
        await finish(response)
        return response.status_code == 200 and self.cache.head_unchanged(
            url, kept, response.headers
        )

    async def _read_capped(self, response: httpx.Response, host: str) -> tuple[bytes, int]:
        """The body, inflated here so the cap bounds what is in memory, not what was sent; and
        how many bytes came over the wire for it."""
        declared = response.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > self._max_bytes:
            raise FetchError(too_big(host, self._max_bytes), FailureKind.CONTENT)
        inflate = Inflater(response.headers.get("content-encoding", ""), host, self._max_bytes)
        received = 0
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received > self._max_bytes:
                raise FetchError(too_big(host, self._max_bytes), FailureKind.CONTENT)
            inflate.feed(chunk)
        return inflate.finish(), received


def _decoded(kept: Kept, endpoint: Endpoint, host: str) -> Any:
    return decode(kept.body, endpoint.kind, kept.content_type, host)


def _malformed_redirect(host: str) -> str:
    return _("{host}: redirected to a malformed address").format(host=host)


def _redirect_target(current: str, location: str, host: str) -> str:
    """Where a redirect leads, if it may be followed; otherwise a clean HTTP failure."""
    try:
        target = urljoin(current, location.strip())
        problem = redirect_problem(current, target)
    except ValueError:
        problem = _("redirected to a malformed address")
    if problem:
        raise FetchError(
            _("{host}: {problem}").format(host=host, problem=problem), FailureKind.HTTP
        )
    return target


def _connect_message(host: str, exc: httpx.ConnectError) -> str:
    causes: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(causes) < 10:
        causes.append(current)
        current = current.__cause__ or current.__context__
    text = " ".join(str(c) for c in causes).lower()
    if any(isinstance(c, socket.gaierror) for c in causes) or (
        "name or service" in text or "nodename" in text or "name resolution" in text
    ):
        return _("could not resolve {host} (DNS)").format(host=host)
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in text:
        return _("{host} refused the connection").format(host=host)
    return _("could not connect to {host}").format(host=host)


def _check_status(response: httpx.Response, host: str, now: datetime) -> None:
    code = response.status_code
    if 200 <= code < 300:
        return
    if code in (429, 503):
        retry_after = _retry_after(response, now)
        reason = _("rate limited") if code == 429 else _("unavailable")
        wait = (
            _("; asked to wait {seconds} s").format(seconds=f"{retry_after:.0f}")
            if retry_after is not None
            else ""
        )
        message = _("{host} answered HTTP {code} ({reason}){wait}")
        raise FetchError(
            message.format(host=host, code=code, reason=reason, wait=wait),
            FailureKind.HTTP,
            retry_after,
            code,
        )
    if code == 304:
        message = _("{host} answered 304 to a request we did not make conditional")
        raise FetchError(message.format(host=host), FailureKind.HTTP, status=code)
    if code in (403, 405) and "html" in response.headers.get("content-type", ""):
        message = _("{host} answered HTTP {code} with an HTML page (likely a bot challenge)")
        raise FetchError(
            message.format(host=host, code=code),
            FailureKind.HTTP,
            status=code,
            reason=Reason.BLOCKED,
            html=True,
        )
    message = _("{host} answered HTTP {code}")
    raise FetchError(message.format(host=host, code=code), FailureKind.HTTP, status=code)


def _retry_after(response: httpx.Response, now: datetime) -> float | None:
    return parse_retry_after(response.headers.get("retry-after"), now)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), at most an hour;
    None if unusable. Only ASCII digits count: ``"١٢٠"`` is not a number of seconds here."""
    if not value or len(value) > 64:
        return None
    text = value.strip()
    if _RETRY_AFTER_DIGITS.fullmatch(text):
        return min(float(text), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(text)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(max(0.0, seconds), MAX_RETRY_AFTER)


def _server(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port: what one server is, for sharing out the slots."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.scheme, parts.hostname or "", port
