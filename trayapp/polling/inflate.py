"""Inflating a body in bounded steps: at most one content coding, never more than a cap."""

from __future__ import annotations

import zlib
from typing import Any

from trayapp.core.i18n import _
from trayapp.core.model import FailureKind
from trayapp.polling.decode import FetchError


class Inflater:
    """At most one content coding, inflated in bounded steps: never more than the cap."""

    def __init__(self, header: str, host: str, limit: int) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise FetchError(
                _(
                    "{host} sent a body with stacked content codings ({codings}), "
                    "which are not accepted"
                ).format(host=host, codings=", ".join(codings[:4])),
                FailureKind.CONTENT,
            )
        coding = codings[0] if codings else None
        if coding in ("gzip", "x-gzip"):
            self._inflater: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif coding == "deflate":
            self._inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)  # zlib or gzip wrapper
        elif coding is None:
            self._inflater = None
        else:
            raise FetchError(
                _("{host} sent a body in an unsupported content coding").format(host=host),
                FailureKind.CONTENT,
            )
        self._host = host
        self._limit = limit
        self._parts: list[bytes] = []
        self._size = 0

    def _keep(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._limit:
            raise FetchError(too_big(self._host, self._limit), FailureKind.CONTENT)
        self._parts.append(data)

    def feed(self, chunk: bytes) -> None:
        if self._inflater is None:
            self._keep(chunk)
            return
        data = chunk
        try:
            while data and not self._inflater.eof:
                # One byte past what is allowed is enough to know the body is too big.
                self._keep(self._inflater.decompress(data, self._limit - self._size + 1))
                data = self._inflater.unconsumed_tail
        except zlib.error:
            raise FetchError(self._garbled(), FailureKind.CONTENT) from None

    def finish(self) -> bytes:
        if self._inflater is not None and not self._inflater.eof:
            raise FetchError(self._garbled(), FailureKind.CONTENT)
        return b"".join(self._parts)

    def _garbled(self) -> str:
        return _("{host} sent a garbled compressed body").format(host=self._host)

    @property
    def size(self) -> int:
        return self._size

    @property
    def data(self) -> bytes:
        """What was inflated so far."""
        return b"".join(self._parts)


def too_big(host: str, limit: int) -> str:
    message = _("{host} sent more than {megabytes} MB; stopped reading")
    return message.format(host=host, megabytes=limit // (1024 * 1024))
