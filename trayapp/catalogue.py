"""Provider descriptions and the built-in catalogue (``catalogue.toml``, shipped as data)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

SOURCE_TYPES = ("statuspage", "incidentio", "instatus", "gcloud", "betterstack", "feed")
DEFAULT_ENABLED = ("openai", "anthropic", "gemini", "copilot")


@dataclass(frozen=True)
class ProviderSpec:
    """How to read one provider's status page and what of it the user watches."""

    id: str
    name: str
    type: str
    url: str
    components: tuple[str, ...] = ()
    chat_url: str | None = None
    product: str | None = None
    match: tuple[str, ...] = ()
    vendor: str | None = None

    @property
    def status_page(self) -> str:
        """The human page to open (feeds and JSON endpoints point at their page)."""
        return self.url


class CatalogueError(ValueError):
    pass


def spec_from_table(provider_id: str, table: dict[str, Any]) -> ProviderSpec:
    """Build a spec from an already validated table (catalogue or config)."""
    return ProviderSpec(
        id=provider_id,
        name=str(table["name"]),
        type=str(table["type"]),
        # A base URL loses its trailing slash (paths are appended); a feed's URL is used as is.
        url=str(table["url"]) if table["type"] == "feed" else str(table["url"]).rstrip("/"),
        components=tuple(table.get("components", ())),
        chat_url=table.get("chat_url"),
        product=table.get("product"),
        match=tuple(table.get("match", ())),
        vendor=table.get("vendor"),
    )


def load_catalogue(text: str | None = None) -> dict[str, ProviderSpec]:
    """The built-in providers, in file order, keyed by id."""
    if text is None:
        text = resources.files("trayapp").joinpath("catalogue.toml").read_text(encoding="utf-8")
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
        specs[provider_id] = spec_from_table(provider_id, table)
    return specs
