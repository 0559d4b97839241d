"""The installed version: pyproject.toml is the one source, read back from the package metadata."""

from __future__ import annotations

from functools import cache

DISTRIBUTION = "ai-status-tray"


@cache
def version() -> str:
    """``0.1.0``; ``0+unknown`` when run from a tree that was never installed."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "0+unknown"
