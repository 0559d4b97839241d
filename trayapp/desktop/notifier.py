"""Desktop notifications through plyer; a failing backend is logged, never fatal."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from trayapp.core.identity import APP_NAME
from trayapp.core.notify_policy import MESSAGE_LIMIT, TITLE_LIMIT, Notification
from trayapp.core.text import cut

log = logging.getLogger(__name__)


class Notifier:
    """Sends each notification from a short-lived thread, so a slow bus never stalls polling."""

    def __init__(self, icon_path: Path | None = None, timeout: int = 10) -> None:
        self._icon = str(icon_path) if icon_path else ""
        self._timeout = timeout

    def send(self, note: Notification) -> threading.Thread:
        thread = threading.Thread(target=self._send, args=(note,), name="notify", daemon=True)
        thread.start()
        return thread

    def _send(self, note: Notification) -> None:
        try:
            from plyer import notification

            notification.notify(
                title=cut(note.title, TITLE_LIMIT),
                message=cut(note.message, MESSAGE_LIMIT),
                app_name=APP_NAME,
                app_icon=self._icon,
                timeout=self._timeout,
            )
            log.info("notified: %s — %s", note.title, note.message)
        except Exception as exc:  # no daemon, no bus, no backend: the app goes on
            log.warning("notification not shown (%s: %s): %s", type(exc).__name__, exc, note.title)
