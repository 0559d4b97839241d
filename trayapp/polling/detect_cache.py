"""What detection found, remembered between runs in a small JSON file in the data directory."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from trayapp.core.model import ProviderSpec
from trayapp.settings.paths import data_dir
from trayapp.sources import SOURCE_TYPES

log = logging.getLogger(__name__)

MAX_ENTRIES = 200
MAX_BYTES = 256 * 1024
FILE_NAME = "detected-platforms.json"


class DetectionCache:
    """Page URL -> how it was last read. Never fatal: a bad file is ignored and replaced."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._entries: dict[str, dict[str, Any]] | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = data_dir() / FILE_NAME
        return self._path

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            self._entries = {}
            try:
                if self.path.is_file() and self.path.stat().st_size <= MAX_BYTES:
                    data = json.loads(self.path.read_text(encoding="utf-8"))
                    if isinstance(data, dict):
                        self._entries = {k: v for k, v in data.items() if isinstance(v, dict)}
            except (OSError, ValueError) as exc:
                log.warning("ignoring unreadable %s (%s)", self.path, exc)
        return self._entries

    def recall(self, spec: ProviderSpec) -> ProviderSpec | None:
        """How ``spec``'s page was read last time, when that differs from its type."""
        entry = self._load().get(spec.url)
        if entry is None:
            return None
        found_type, url = entry.get("type"), entry.get("url")
        if not isinstance(found_type, str) or not isinstance(url, str):
            return None
        if found_type not in SOURCE_TYPES or found_type == spec.type:
            return None
        product = entry.get("product")
        return replace(
            spec,
            type=found_type,
            url=url,
            product=product if isinstance(product, str) else None,
        )

    def remember(self, spec: ProviderSpec, used: ProviderSpec, now: datetime) -> None:
        entries = self._load()
        entries[spec.url] = {
            "type": used.type,
            "url": used.url,
            "product": used.product,
            "checked": now.isoformat(),
        }
        while len(entries) > MAX_ENTRIES:
            entries.pop(next(iter(entries)))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".detected-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entries, handle, indent=1)
            Path(tmp).replace(self.path)
        except OSError as exc:
            log.warning("could not remember detected platforms in %s (%s)", self.path, exc)
