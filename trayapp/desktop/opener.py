"""Opening things for the user: only http(s) links and the app's own files, never anything else."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from trayapp.core.text import safe_link
from trayapp.core.urls import redact

log = logging.getLogger(__name__)


def open_url(url: str | None) -> bool:
    """Open an http(s) URL in the default browser; anything else is refused and logged."""
    link = safe_link(url)
    if link is None:
        log.warning("refused to open a link that is not http(s): %r", redact(url or "")[:100])
        return False
    return _browser(link)


def open_page(path: Path, fragment: str = "") -> bool:
    """Open one of the app's own local HTML pages in the default browser."""
    uri = path.resolve().as_uri()
    return _browser(f"{uri}#{fragment}" if fragment else uri)


def open_file(path: Path) -> bool:
    """Open one of the app's own files (the settings) with the desktop's default application."""
    try:
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined,unused-ignore]  # noqa: S606
        elif sys.platform == "darwin":
            subprocess.Popen(["open", str(path)])
        else:
            subprocess.Popen(
                ["xdg-open", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        return True
    except OSError as exc:
        log.warning("could not open %s: %s", path, exc)
        return False


def _browser(target: str) -> bool:
    import webbrowser  # here, at the first click: it costs 0.3 MiB for the tray's whole life

    try:
        return webbrowser.open(target)
    except webbrowser.Error as exc:
        log.warning("could not open a browser for %s: %s", redact(target), exc)
        return False


def write_page(path: Path, page: str) -> Path:
    """Write one of the app's pages atomically, so a browser never reads half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(page, encoding="utf-8")
    partial.replace(path)
    return path
