"""The one hand-over to the UI thread.

pystray's GTK and AppIndicator backends happen to queue icon and menu changes onto their main
loop, but its Windows and macOS backends call the toolkit from whatever thread calls them. So
every event for the controller — and with it every change to icon, title and menu — is posted
here to the toolkit's own thread: a GLib idle callback on GTK/AppIndicator (as SafeEyes does),
a window message on Windows, ``AppHelper.callAfter`` on macOS. pystray's xorg backend has no
main-loop hook; there a lock serialises the calls instead.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

Job = Callable[[], None]


class UiThread(Protocol):
    def call(self, job: Job) -> None:
        """Run ``job`` on the UI thread, soon; never blocks the caller."""


def _guarded(job: Job) -> None:
    try:
        job()
    except Exception:  # a bug in one event must not take the main loop down
        log.exception("a UI update failed")


class GLibUiThread:
    """GTK and AppIndicator: ``GLib.idle_add`` runs the job in the main loop."""

    def __init__(self) -> None:
        from gi.repository import GLib

        self._idle_add = GLib.idle_add

    def call(self, job: Job) -> None:
        def once() -> bool:
            _guarded(job)
            return False  # remove the idle source

        self._idle_add(once)


class Win32UiThread:
    """Windows: a private window message, handled by pystray's own message loop."""

    MESSAGE = 0x400 + 42  # WM_USER + 42; pystray uses WM_USER + 10 and + 11

    def __init__(self, icon: Any) -> None:
        from pystray._util import win32

        self._post = win32.PostMessage
        self._icon = icon
        self._jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        icon._message_handlers[self.MESSAGE] = self._drain

    def call(self, job: Job) -> None:
        self._jobs.put(job)
        self._post(self._icon._hwnd, self.MESSAGE, 0, 0)

    def _drain(self, wparam: Any, lparam: Any) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            _guarded(job)


class CocoaUiThread:
    """macOS: ``PyObjCTools.AppHelper.callAfter`` runs the job on the main thread."""

    def __init__(self) -> None:
        from PyObjCTools import AppHelper

        self._call_after = AppHelper.callAfter

    def call(self, job: Job) -> None:
        self._call_after(_guarded, job)


class SerialUiThread:
    """No main-loop hook (pystray's xorg backend, tests): run at once, one job at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def call(self, job: Job) -> None:
        with self._lock:
            _guarded(job)


def for_icon(icon: Any) -> UiThread:
    """The hand-over that suits the backend pystray chose for ``icon``."""
    backend = type(icon).__module__.rsplit(".", 1)[-1]
    try:
        if backend in ("_gtk", "_appindicator"):
            return GLibUiThread()
        if backend == "_win32":
            return Win32UiThread(icon)
        if backend == "_darwin":
            return CocoaUiThread()
    except Exception:
        log.warning("no main-loop hand-over for pystray's %s backend", backend, exc_info=True)
    return SerialUiThread()
