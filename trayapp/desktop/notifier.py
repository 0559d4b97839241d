"""Desktop notifications through plyer (Windows, macOS, and Linux without a GLib main loop).

A failing backend is logged once while it fails, never fatal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from trayapp.core.identity import APP_NAME
from trayapp.core.model import State
from trayapp.core.notify_policy import MESSAGE_LIMIT, TITLE_LIMIT
from trayapp.core.text import cut
from trayapp.desktop.controller import Announcement

log = logging.getLogger(__name__)


class Notifier:
    """Sends each notification from a short-lived thread, so a slow bus never stalls polling."""

    def __init__(
        self, icon_for: Callable[[State], Path | None] | None = None, timeout: int = 10
    ) -> None:
        self._icon_for = icon_for  # the icon of the state a notification announces
        self._timeout = timeout
        self._failing = False

    def send(self, item: Announcement) -> threading.Thread:
        thread = threading.Thread(target=self._send, args=(item,), name="notify", daemon=True)
        thread.start()
        return thread

    def _icon(self, item: Announcement) -> str:
        if self._icon_for is None:
            return ""
        path = self._icon_for(item.state or State.OPERATIONAL)
        return str(path) if path else ""

    def _send(self, item: Announcement) -> None:
        try:
            from plyer import notification

            notification.notify(
                title=cut(item.title, TITLE_LIMIT),
                message=cut(item.message, MESSAGE_LIMIT),
                app_name=APP_NAME,
                app_icon=self._icon(item),
                timeout=self._timeout,
            )
            self._failing = False
            log.info("notified: %s — %s", item.title, item.message)
        except Exception as exc:  # no daemon, no bus, no backend: the app goes on
            level = logging.DEBUG if self._failing else logging.WARNING
            self._failing = True
            log.log(
                level, "notification not shown (%s: %s): %s", type(exc).__name__, exc, item.title
            )
