"""Opening things for the user: only http(s) links and the app's own files, never anything else.

What is started for it (a browser, ``xdg-open``, an editor) gets no stdin, stdout or stderr of
ours: a browser that runs for hours must not hold the pipe a window process writes its last
words to (the tray reads it), nor write into it. Each is waited for on a thread of its own, so
none is left a zombie.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from trayapp.core.text import clean_line, safe_link
from trayapp.core.urls import redact

log = logging.getLogger(__name__)

OPEN_GRACE = 10.0  # seconds: a file opener that fails within them opened nothing


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


def open_file(path: Path, on_failed: Callable[[str], None] | None = None) -> bool:
    """Open one of the app's own files (the settings) with the desktop's default application.

    False when nothing could be started. xdg-open (or ``open``) is waited for on a thread of its
    own, so it never lingers as a zombie; when it fails (no application for the file: xdg-open
    exits 3 or 4), ``on_failed`` gets its last word, on that thread."""
    try:
        if sys.platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined,unused-ignore]  # noqa: S606
            return True
        command = ["open" if sys.platform == "darwin" else "xdg-open", str(path)]
        # A pipe of its own for its last word (drained below), none of our streams; its own
        # session, so the tray's signals are not its.
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            close_fds=True,
            start_new_session=True,
        )
    except OSError as exc:
        log.warning("could not open %s: %s", path, exc)
        if on_failed is not None:
            on_failed(str(exc))
        return False
    reap = threading.Thread(
        target=_reap,
        args=(process, command[0], on_failed, time.monotonic()),
        name="open-file",
        daemon=True,
    )
    reap.start()
    return True


def _reap(
    process: subprocess.Popen[str],
    program: str,
    on_failed: Callable[[str], None] | None,
    started: float,
) -> None:
    last = ""
    assert process.stderr is not None
    for line in process.stderr:  # drained as it comes: a full pipe would stall it
        if line.strip():
            last = line
    code = process.wait()
    if code == 0:
        return
    said = clean_line(last, 200) or f"{program} exited with status {code}"
    log.warning("%s could not open the file (%s): %s", program, code, said)
    # xdg-open may wait for the editor it started (a terminal editor): a failure after that
    # long is the editor's own end, not "nothing opened".
    if on_failed is not None and time.monotonic() - started < OPEN_GRACE:
        on_failed(said)


def _browser(target: str) -> bool:
    import webbrowser  # here, at the first click: it costs 0.3 MiB for the tray's whole life

    try:
        browser = webbrowser.get()
        if isinstance(browser, webbrowser.GenericBrowser):
            # $BROWSER, xdg-open, gio, ...: started here, so that it gets none of our streams
            # (the browsers webbrowser drives itself, Firefox or Chrome, already get none).
            command = [browser.name, *(arg.replace("%s", target) for arg in browser.args)]
            background = isinstance(browser, webbrowser.BackgroundBrowser)
            process = _start(command, own_session=background)
            return background or process.wait() == 0
        return browser.open(target)
    except (webbrowser.Error, OSError) as exc:
        log.warning("could not open a browser for %s: %s", redact(target), exc)
        return False


def _start(command: list[str], own_session: bool) -> subprocess.Popen[bytes]:
    """Start ``command`` with none of our streams; reaped by a thread when it ends."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        start_new_session=own_session,
    )
    threading.Thread(target=process.wait, name="opened", daemon=True).start()
    return process


def write_page(path: Path, page: str) -> Path:
    """Write one of the app's pages atomically, so a browser never reads half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(page, encoding="utf-8")
    partial.replace(path)
    return path
