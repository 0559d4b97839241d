"""Adding a provider to the user's configuration file without disturbing what is there."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from trayapp.core.model import ProviderSpec
from trayapp.settings.config import DEFAULT_CONFIG, Config, parse


def provider_id(name: str, taken: set[str]) -> str:
    """A config id from ``name`` ("Acme AI" -> "acme-ai"), unique among ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:36] or "provider"
    if not base[0].isalnum():
        base = "p" + base
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def name_from_url(url: str) -> str:
    """A readable default name from a status page's host ("status.acme.ai" -> "Acme")."""
    host = (urlsplit(url).hostname or "provider").removeprefix("www.").removeprefix("status.")
    label = host.split(".")[0] if "." in host else host
    return label[:1].upper() + label[1:]


def provider_table(spec: ProviderSpec) -> str:
    """``spec`` as a ``[[providers]]`` TOML table (strings quoted as JSON, which TOML accepts)."""
    lines = ["[[providers]]", f"id = {json.dumps(spec.id)}", f"name = {json.dumps(spec.name)}"]
    lines += [f"type = {json.dumps(spec.type)}", f"url = {json.dumps(spec.url)}"]
    if spec.product:
        lines.append(f"product = {json.dumps(spec.product)}")
    return "\n".join(lines) + "\n"


def append_provider(path: Path, table: str, catalogue: dict[str, ProviderSpec]) -> Config:
    """Append ``table`` to the config at ``path`` (the commented default when there is none).

    The result is validated before anything is written: a file that would not load is never
    produced. Raises :class:`~trayapp.settings.config.ConfigError`.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else DEFAULT_CONFIG
    if text and not text.endswith("\n"):
        text += "\n"
    new_text = f"{text}\n{table}"
    config = parse(new_text, catalogue, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_text, encoding="utf-8")
    return config
