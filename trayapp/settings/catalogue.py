"""Provider descriptions and the built-in catalogue (``catalogue.toml``, shipped as data)."""

from __future__ import annotations

import dataclasses
import tomllib
from importlib import resources
from typing import Any

from trayapp.core.model import ProviderSpec
from trayapp.core.urls import url_problem
from trayapp.sources import AUTO_TYPE, SOURCE_TYPES

DEFAULT_ENABLED = ("openai", "anthropic", "gemini", "copilot")
# The keys a provider table may have: exactly the fields of ProviderSpec.
PROVIDER_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ProviderSpec))
_LIST_FIELDS = frozenset(
    f.name for f in dataclasses.fields(ProviderSpec) if str(f.type).startswith("tuple")
)


class CatalogueError(ValueError):
    pass


def spec_from_table(provider_id: str, table: dict[str, Any]) -> ProviderSpec:
    """Build a spec from an already validated table (catalogue or config)."""
    values: dict[str, Any] = {
        key: tuple(table[key]) if key in _LIST_FIELDS else table[key]
        for key in PROVIDER_FIELDS
        if key != "id" and table.get(key) is not None
    }
    # A base URL loses its trailing slash (paths are appended); a feed's URL is used as is.
    if values["type"] not in ("feed", AUTO_TYPE):
        values["url"] = str(values["url"]).rstrip("/")
        values["fallback_urls"] = tuple(u.rstrip("/") for u in values.get("fallback_urls", ()))
    return ProviderSpec(id=provider_id, **values)


def spec_table(spec: ProviderSpec) -> dict[str, Any]:
    """The fields of ``spec`` as a table, lists as lists (the inverse of spec_from_table)."""
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in dataclasses.asdict(spec).items()
        if key != "id"
    }


def load_catalogue(text: str | None = None) -> dict[str, ProviderSpec]:
    """The built-in providers, in file order, keyed by id."""
    if text is None:
        text = (
            resources.files("trayapp.settings")
            .joinpath("catalogue.toml")
            .read_text(encoding="utf-8")
        )
    data = tomllib.loads(text)
    specs: dict[str, ProviderSpec] = {}
    for provider_id, table in data.items():
        if not isinstance(table, dict):
            raise CatalogueError(f"catalogue: [{provider_id}] must be a table")
        missing = {"name", "type", "url"} - table.keys()
        if missing:
            raise CatalogueError(f"catalogue: [{provider_id}] lacks {', '.join(sorted(missing))}")
        if table["type"] not in SOURCE_TYPES:
            raise CatalogueError(f"catalogue: [{provider_id}] has unknown type {table['type']!r}")
        for url in table.get("fallback_urls", []):
            if url_problem(url):
                raise CatalogueError(f"catalogue: [{provider_id}] fallback URL {url!r}: refused")
        specs[provider_id] = spec_from_table(provider_id, table)
    return specs
