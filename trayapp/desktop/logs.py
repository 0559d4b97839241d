"""Logging: a rotating file in the user's log dir; ``--debug`` also prints to stderr."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from trayapp.core.i18n import _, language
from trayapp.settings import paths

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def setup(
    debug: bool = False, log_dir: Path | None = None, file_name: str = "ai-status-tray.log"
) -> Path | None:
    """Configure the root logger; returns the log file, or None when it cannot be written.

    Each process rotates its own file (the windows write ``windows.log``): two processes
    rotating one file would lose lines."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()  # a file left open could not be rotated on Windows
    # httpx logs every request at INFO: noise in a file that should show problems.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    log_file: Path | None = (log_dir or paths.log_dir()) / file_name
    try:
        assert log_file is not None
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    except OSError as exc:
        message = _("ai-status-tray: cannot write logs to {file}: {error}")
        print(message.format(file=log_file, error=exc), file=sys.stderr)
        log_file = None
    if debug:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(stream)
    # What the user is shown is logged in their language (docs/translating.md): say which.
    logging.getLogger(__name__).info("language: %s", language())
    return log_file
