"""Turning a fetched body into a document, and the error every fetch failure becomes."""

from __future__ import annotations

import json
from typing import Any

from trayapp.core.i18n import _
from trayapp.core.model import FailureKind, Reason
from trayapp.core.reasons import classify
from trayapp.core.text import clean_line

__all__ = ["FetchError", "decode"]


class FetchError(Exception):
    """A document could not be had; ``message`` is fit to show to the user.

    ``reason`` is what people and scripts are told (``core/reasons.py``); ``challenge`` marks a
    bot check (backed off longer), ``html`` an HTML page where a document was expected: both
    send the poller to a provider's fallback URLs.
    """

    def __init__(
        self,
        message: str,
        kind: FailureKind,
        retry_after: float | None = None,
        status: int | None = None,  # the HTTP status, for code that must not read the message
        *,
        reason: Reason | None = None,
        challenge: bool = False,
        html: bool = False,
    ) -> None:
        message = clean_line(message, 300)  # it may quote the server: never raw
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.retry_after = retry_after
        self.status = status
        self.challenge = challenge
        self.html = html or challenge
        self.reason = reason or classify(kind, status, challenge=challenge)


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
        message = _(
            "{host} sent an HTML page instead of {kind} (a bot challenge, login wall or moved page)"
        )
        raise FetchError(
            message.format(host=host, kind=kind.upper()), FailureKind.CONTENT, html=True
        )
    if not body.strip():
        raise FetchError(_("{host} sent an empty response").format(host=host), FailureKind.CONTENT)
    if kind == "json":
        return _decode_json(body, host)
    return _decode_xml(body, host)


def _decode_xml(body: bytes, host: str) -> Any:
    # Imported here: most users watch no feed, and the XML modules cost half a MiB.
    import xml.etree.ElementTree as ET

    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        # Feeds never need a DTD; refusing one wherever it is, in any encoding, rules out
        # entity-expansion tricks.
        return SafeET.fromstring(body, forbid_dtd=True)
    except DefusedXmlException:
        raise FetchError(
            _("{host} sent XML with a DTD or entities, which is not accepted").format(host=host),
            FailureKind.CONTENT,
        ) from None
    except (ET.ParseError, ValueError, RecursionError) as exc:
        raise FetchError(
            _("{host} sent invalid XML ({error})").format(host=host, error=exc),
            FailureKind.CONTENT,
        ) from None


def _decode_json(body: bytes, host: str) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        message = (
            _("{host} sent invalid JSON at byte {byte} (truncated or garbled)")
            if isinstance(exc, json.JSONDecodeError)
            else _("{host} sent invalid JSON (truncated or garbled)")
        )
        byte = exc.pos if isinstance(exc, json.JSONDecodeError) else 0
        raise FetchError(message.format(host=host, byte=byte), FailureKind.CONTENT) from None
    except RecursionError:
        raise FetchError(
            _("{host} sent JSON nested too deeply").format(host=host), FailureKind.CONTENT
        ) from None
    except ValueError:  # e.g. an integer of thousands of digits
        raise FetchError(
            _("{host} sent JSON with a value out of range").format(host=host), FailureKind.CONTENT
        ) from None
