"""The version's one source: the build reads it from here (pyproject.toml: ``dynamic``).

A constant, not a package-metadata lookup: ``importlib.metadata`` would keep a third of a MiB in
the running tray for one string.
"""

from __future__ import annotations

__version__ = "0.1.0"


def version() -> str:
    """``0.1.0``."""
    return __version__
