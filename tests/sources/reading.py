"""Reading a fixture through a source and the aggregation, as the poller does."""

from __future__ import annotations

from typing import Any

from tests.conftest import NOW, load_fixture
from trayapp import sources
from trayapp.core.aggregate import provider_status
from trayapp.core.model import ProviderSpec, ProviderStatus


def status_of(spec: ProviderSpec, *names: str) -> ProviderStatus:
    """The provider status the fixtures ``names`` give, read at ``NOW``."""
    documents: list[Any] = [load_fixture(n) for n in names]
    return provider_status(spec, sources.read(spec, documents, NOW), NOW)
