"""Status formats: one module per format, each with ``endpoints(spec)`` and ``parse(spec, docs)``.

``parse`` is pure: it receives the decoded documents (JSON values, or an XML root element) in the
order ``endpoints`` listed them, and the time of reading (it never reads the clock); it returns a
:class:`~trayapp.core.model.Reading`, raising :class:`SourceFormatError` when the page does not
have the promised shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from trayapp.core.i18n import N_, _
from trayapp.core.model import Endpoint, ProviderSpec, Reading
from trayapp.sources import (
    betterstack,
    checkly,
    datadog,
    feed,
    flashcat,
    gcloud,
    incidentio,
    instatus,
    statuspage,
)
from trayapp.sources._parse import SourceFormatError

__all__ = [
    "AUTO_TYPE",
    "PLATFORMS",
    "SOURCES",
    "SOURCE_TYPES",
    "Source",
    "SourceFormatError",
    "read",
]


class Source(Protocol):
    def endpoints(self, spec: ProviderSpec) -> tuple[Endpoint, ...]: ...

    def parse(self, spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading: ...


SOURCES: dict[str, Source] = {
    "statuspage": statuspage,
    "incidentio": incidentio,
    "instatus": instatus,
    "gcloud": gcloud,
    "betterstack": betterstack,
    "checkly": checkly,
    "datadog": datadog,
    "flashcat": flashcat,
    "feed": feed,
}
# What each format is called when talking to the user ("moved to Checkly").
# Brand names stay as they are; descriptions are marked for translation (``_()`` where shown).
PLATFORMS: dict[str, str] = {
    "statuspage": "Statuspage",
    "incidentio": "incident.io",
    "instatus": "Instatus",
    "gcloud": N_("Google's status dashboard"),
    "betterstack": "Better Stack",
    "checkly": "Checkly",
    "datadog": "Datadog Status Pages",
    "flashcat": "Flashcat",
    "feed": N_("RSS/Atom feed"),
}
# The type of a provider configured without one: the app detects its platform.
AUTO_TYPE = "auto"
# The one list of known types: config validation, the catalogue and messages derive from it.
SOURCE_TYPES: tuple[str, ...] = tuple(SOURCES)


def read(spec: ProviderSpec, documents: Sequence[Any], now: datetime) -> Reading:
    """Parse documents for ``spec`` as of ``now``; a bad shape is :class:`SourceFormatError`."""
    try:
        return SOURCES[spec.type].parse(spec, documents, now)
    except SourceFormatError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        # The parsers check what they rely on; this is the net for shapes nobody foresaw.
        problem = f"{type(exc).__name__}: {exc}"
        raise SourceFormatError(
            _("unexpected page shape ({problem})").format(problem=problem)
        ) from exc
