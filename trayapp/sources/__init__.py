"""Status formats: one module per format, each with ``endpoints(spec)`` and ``parse(spec, docs)``.

``parse`` is pure: it receives the decoded documents (JSON values, or an XML root element) in the
order ``endpoints`` listed them and returns a :class:`~trayapp.model.Reading`, raising
:class:`SourceFormatError` when the page does not have the promised shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from trayapp.catalogue import ProviderSpec
from trayapp.model import Reading
from trayapp.sources import betterstack, feed, gcloud, incidentio, instatus, statuspage
from trayapp.sources._parse import Endpoint, SourceFormatError

__all__ = ["SOURCES", "Endpoint", "Source", "SourceFormatError", "read"]


class Source(Protocol):
    def endpoints(self, spec: ProviderSpec) -> tuple[Endpoint, ...]: ...

    def parse(self, spec: ProviderSpec, documents: Sequence[Any]) -> Reading: ...


SOURCES: dict[str, Source] = {
    "statuspage": statuspage,
    "incidentio": incidentio,
    "instatus": instatus,
    "gcloud": gcloud,
    "betterstack": betterstack,
    "feed": feed,
}


def read(spec: ProviderSpec, documents: Sequence[Any]) -> Reading:
    """Parse documents for ``spec``; any malformed shape becomes :class:`SourceFormatError`."""
    try:
        return SOURCES[spec.type].parse(spec, documents)
    except SourceFormatError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        # The parsers check what they rely on; this is the net for shapes nobody foresaw.
        raise SourceFormatError(f"unexpected page shape ({type(exc).__name__}: {exc})") from exc
