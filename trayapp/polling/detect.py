"""Reading a page in its format, tolerating optional documents that are missing."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from trayapp.core.model import Endpoint, ProviderStatus
from trayapp.polling.fetch import Fetcher, FetchError


async def fetch_documents(fetcher: Fetcher, endpoints: Sequence[Endpoint]) -> list[Any]:
    """Every document, in order; a missing optional one is None.

    A required document that fails raises its :class:`FetchError`, and so does the first failure
    when every document failed (the page told us nothing).
    """
    results = await asyncio.gather(*(fetcher.get(e) for e in endpoints), return_exceptions=True)
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
