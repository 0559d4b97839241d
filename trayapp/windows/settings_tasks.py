"""Work the settings window does off its UI thread: network look-ups and the keyring.

Each job runs on a daemon thread, bounded in time, and hands its outcome back to the GTK main
loop (``GLib.idle_add``), so the window never freezes on a slow page or a hung keyring.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import TypeVar

from trayapp.core.i18n import _
from trayapp.core.model import ProviderSpec
from trayapp.core.text import clean_text
from trayapp.polling.add_page import MAX_COMPONENTS, find
from trayapp.polling.add_page import Found as Found  # re-exported for the window

log = logging.getLogger(__name__)

T = TypeVar("T")


def in_background(job: Callable[[], T], done: Callable[[T | Exception], None]) -> None:
    """Run ``job`` on a thread; ``done`` gets its result (or exception) on the UI thread."""
    from gi.repository import GLib

    def work() -> None:
        try:
            outcome: T | Exception = job()
        except Exception as exc:
            log.info("a settings task failed: %s", type(exc).__name__)
            outcome = exc

        def deliver() -> bool:
            done(outcome)
            return False  # once

        GLib.idle_add(deliver)

    threading.Thread(target=work, name="settings-task", daemon=True).start()


class NotFound(Exception):
    """The page's components could not be had; the message is for the user."""


def detect(
    url: str, watched: Iterable[ProviderSpec], catalogue: Mapping[str, ProviderSpec]
) -> Found:
    """The page at ``url``, found as ``ai-status-tray add`` finds it (``polling/add_page.py``:
    https assumed, a page already watched refused, the page's own name); raises ``NotAdded``
    with a message for the user."""
    return find(url, watched, catalogue)


def page_components(spec: ProviderSpec) -> tuple[str, ...]:
    """Every component ``spec``'s page lists now (not only the watched ones)."""
    from trayapp.polling.oneshot import poll_once
    from trayapp.settings.config import Config

    whole = replace(spec, components=(), own_components=False, probe=None)
    snapshot = poll_once(Config(providers=(whole,), poll_interval=60))
    status = snapshot.providers[0] if snapshot.providers else None
    if status is None or status.error:
        raise NotFound(status.error if status and status.error else _("no answer"))
    names = [clean_text(c.name, 120) for c in status.components][:MAX_COMPONENTS]
    return tuple(dict.fromkeys(names))
