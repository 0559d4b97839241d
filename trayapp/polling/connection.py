"""Sending over kept connections: once more when the server had dropped one, and short answers
read to their end so that the connection survives them."""

from __future__ import annotations

import asyncio
import logging

import httpx

log = logging.getLogger(__name__)


async def send(client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """Send a GET or HEAD (streamed); once more on a new connection when the server had closed
    the kept one before answering anything.

    A kept connection the server dropped while it was idle (HTTP/2 pools do not notice) fails
    before a single byte of the answer; browsers repeat idempotent requests then, and so does
    this. A server that breaks off in the middle of an answer is not asked twice.
    """
    try:
        return await client.send(request, stream=True)
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
        if "location header" in str(exc).lower():
            raise
        log.debug("%s: connection dropped before an answer; asking again", request.url.host)
        return await client.send(request, stream=True)


async def finish(response: httpx.Response, limit: int = 65536, within: float = 1.0) -> None:
    """Close ``response``, reading what is left of a short answer first (a 304, a HEAD, an error
    page, a redirect): over HTTP/1.1 an answer closed unread takes its connection with it, and
    the next look pays a new TLS handshake. A long or slow one is cut off instead."""
    try:
        if not response.is_stream_consumed:
            async with asyncio.timeout(within):
                read = 0
                async for chunk in response.aiter_raw():
                    read += len(chunk)
                    if read > limit:
                        break
    except (httpx.HTTPError, TimeoutError):
        pass  # the connection is closed with the answer
    finally:
        await response.aclose()
