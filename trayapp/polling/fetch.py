"""Fetching status documents over HTTP: bounded, polite, and honest about what went wrong."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import httpx

from trayapp.core.model import Endpoint, FailureKind
from trayapp.core.urls import host_of, redact, redirect_problem, url_problem
from trayapp.version import version

log = logging.getLogger(__name__)

USER_AGENT = (
    f"ai-status-tray/{version()} (desktop status indicator; "
    "+https://github.com/ai-status-tray/ai-status-tray)"
)
MAX_BYTES = 5 * 1024 * 1024
DEADLINE = 10.0
MAX_REDIRECTS = 5
_ACCEPT = {
    "json": "application/json",
    "xml": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8",
}


class FetchError(Exception):
    """A document could not be had; ``message`` is fit to show to the user."""

    def __init__(self, message: str, kind: FailureKind, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.retry_after = retry_after


@dataclass
class _Cached:
    etag: str | None
    last_modified: str | None
    document: Any


def make_client() -> httpx.AsyncClient:
    """The one HTTP client every source shares (connection pooling, common headers)."""
    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(DEADLINE, connect=5.0, read=8.0),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=16, max_keepalive_connections=16),
    )


class Fetcher:
    """Gets and decodes documents, remembering validators for conditional requests."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        max_bytes: int = MAX_BYTES,
        deadline: float = DEADLINE,
    ) -> None:
        self._client = client
        self._max_bytes = max_bytes
        self._deadline = deadline
        self._cache: dict[str, _Cached] = {}
        # URL -> how the last answer said it may be re-asked: "304" or Cache-Control's value.
        self.freshness: dict[str, str] = {}

    async def get(self, endpoint: Endpoint) -> Any:
        """The decoded document at ``endpoint``; raises :class:`FetchError`."""
        problem = url_problem(endpoint.url)
        if problem:
            raise FetchError(f"{redact(endpoint.url)}: {problem}", FailureKind.CONFIG)
        host = host_of(endpoint.url)
        try:
            async with asyncio.timeout(self._deadline):
                return await self._get(endpoint, host)
        except (TimeoutError, httpx.TimeoutException):
            raise FetchError(
                f"{host} timed out (no answer within {self._deadline:g} s)", FailureKind.NETWORK
            ) from None
        except httpx.ConnectError as exc:
            raise FetchError(_connect_message(host, exc), FailureKind.NETWORK) from None
        except httpx.RemoteProtocolError:
            raise FetchError(
                f"{host} closed the connection before sending a complete response",
                FailureKind.CONTENT,
            ) from None
        except (httpx.ReadError, httpx.WriteError):
            raise FetchError(f"the connection to {host} was reset", FailureKind.NETWORK) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{host}: {type(exc).__name__}", FailureKind.NETWORK) from None

    async def _get(self, endpoint: Endpoint, host: str) -> Any:
        url = endpoint.url
        cached = self._cache.get(endpoint.url)
        headers = {"Accept": _ACCEPT[endpoint.kind]}
        if cached and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        for _ in range(MAX_REDIRECTS + 1):
            request = self._client.build_request("GET", url, headers=headers)
            response = await self._client.send(request, stream=True)
            try:
                self.freshness[endpoint.url] = (
                    "304"
                    if response.status_code == 304
                    else response.headers.get("cache-control", "")
                )
                if response.status_code == 304 and cached is not None:
                    return cached.document
                if response.is_redirect and response.status_code != 304:
                    target = urljoin(url, response.headers.get("location", ""))
                    problem = redirect_problem(url, target)
                    if problem:
                        raise FetchError(f"{host}: {problem}", FailureKind.HTTP)
                    url = target
                    continue
                _check_status(response, host)
                body = await self._read_capped(response, host)
            finally:
                await response.aclose()
            document = decode(body, endpoint.kind, response.headers.get("content-type", ""), host)
            etag = response.headers.get("etag")
            modified = response.headers.get("last-modified")
            if etag or modified:
                self._cache[endpoint.url] = _Cached(etag, modified, document)
            return document
        raise FetchError(f"{host}: more than {MAX_REDIRECTS} redirects", FailureKind.HTTP)

    async def _read_capped(self, response: httpx.Response, host: str) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise FetchError(_too_big(host, self._max_bytes), FailureKind.CONTENT)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self._max_bytes:
                raise FetchError(_too_big(host, self._max_bytes), FailureKind.CONTENT)
            chunks.append(chunk)
        return b"".join(chunks)


def _too_big(host: str, limit: int) -> str:
    return f"{host} sent more than {limit // (1024 * 1024)} MB; stopped reading"


def _connect_message(host: str, exc: httpx.ConnectError) -> str:
    causes: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(causes) < 10:
        causes.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(c, socket.gaierror) for c in causes):
        return f"could not resolve {host} (DNS)"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return f"{host} refused the connection"
    text = " ".join(str(c) for c in causes).lower()
    if "name or service" in text or "nodename" in text or "name resolution" in text:
        return f"could not resolve {host} (DNS)"
    if "refused" in text:
        return f"{host} refused the connection"
    return f"could not connect to {host}"


def _check_status(response: httpx.Response, host: str) -> None:
    code = response.status_code
    if 200 <= code < 300:
        return
    if code in (429, 503):
        retry_after = parse_retry_after(response.headers.get("retry-after"), datetime.now(UTC))
        reason = "rate limited" if code == 429 else "unavailable"
        wait = f"; asked to wait {retry_after:.0f} s" if retry_after is not None else ""
        raise FetchError(
            f"{host} answered HTTP {code} ({reason}){wait}", FailureKind.HTTP, retry_after
        )
    if code == 304:
        raise FetchError(
            f"{host} answered 304 to a request we did not make conditional", FailureKind.HTTP
        )
    if code in (403, 405) and "html" in response.headers.get("content-type", ""):
        raise FetchError(
            f"{host} answered HTTP {code} with an HTML page (likely a bot challenge)",
            FailureKind.HTTP,
        )
    raise FetchError(f"{host} answered HTTP {code}", FailureKind.HTTP)


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        start.startswith(b"<") and b"<html" in head.lower()
    )


def decode(body: bytes, kind: str, content_type: str, host: str) -> Any:
    """Decode ``body`` as the ``kind`` of document expected, refusing HTML and garbage."""
    head = body[:2048]
    # Some servers label feeds text/html, so for XML only the body itself decides.
    mislabelled_json = kind == "json" and "text/html" in content_type.lower()
    if _looks_like_html(head) or (mislabelled_json and not head.strip().startswith((b"{", b"["))):
        raise FetchError(
            f"{host} sent an HTML page instead of {kind.upper()} "
            "(a bot challenge, login wall or moved page)",
            FailureKind.CONTENT,
        )
    if not body.strip():
        raise FetchError(f"{host} sent an empty response", FailureKind.CONTENT)
    if kind == "json":
        try:
            return json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            where = f" at byte {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
            raise FetchError(
                f"{host} sent invalid JSON{where} (truncated or garbled)", FailureKind.CONTENT
            ) from None
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        # Feeds never need a DTD; refusing one rules out entity-expansion tricks.
        raise FetchError(f"{host} sent XML with a DTD, which is not accepted", FailureKind.CONTENT)
    try:
        return ET.fromstring(body)  # noqa: S314 - DTDs are refused above
    except ET.ParseError as exc:
        raise FetchError(f"{host} sent invalid XML ({exc})", FailureKind.CONTENT) from None


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date); None if unusable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
