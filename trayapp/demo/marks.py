"""The real tray, marked as a demo: its title, menu, notifications and details page say so,
what it announces is noted for the closing summary, and it changes none of the user's settings
(start at login, the settings file)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from trayapp.core.i18n import _
from trayapp.core.identity import APP_ID
from trayapp.desktop.controller import Announcement, Effects, IconLook
from trayapp.settings.config import Config
from trayapp.settings.prefs import Prefs
from trayapp.views.menu_model import Entry

log = logging.getLogger(__name__)


class Announced:
    """What the demo announced, with the replay's time of each (for the closing line)."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now
        self.items: list[tuple[datetime, str]] = []

    def note(self, item: Announcement) -> None:
        if item.note is not None:  # the replay's news, not the app's own notices
            self.items.append((self._now(), item.title))


def marked_title(text: str) -> str:
    return _("Demo: {summary}").format(summary=text)


def marked_message(text: str) -> str:
    return _("[Demo] {message}").format(message=text)


class DemoEffects:
    """Implements :class:`~trayapp.desktop.controller.Effects` around the shell's own."""

    def __init__(self, inner: Effects, label: str, announced: Announced) -> None:
        self._inner = inner
        self._label = label
        self._announced = announced

    def set_icon(self, look: IconLook) -> None:
        self._inner.set_icon(look)

    def set_title(self, text: str) -> None:
        self._inner.set_title(marked_title(text))

    def set_menu(self, entries: tuple[Entry, ...]) -> None:
        self._inner.set_menu((Entry(self._label, enabled=False), *entries))

    def notify(self, item: Announcement) -> None:
        self._announced.note(item)
        self._inner.notify(replace(item, message=marked_message(item.message)))

    def open_url(self, url: str) -> None:
        self._inner.open_url(url)

    def open_page(self, html: str, fragment: str) -> None:
        self._inner.open_page(with_banner(html, self._label), fragment)

    def show_window(self, name: str, provider: str = "") -> None:
        if name == "settings":
            self.open_settings(Path())
            return
        self._inner.show_window(name, provider)  # the demo's own windows (its channel)

    def publish_details(self, details: str) -> None:
        self._inner.publish_details(details)

    def open_settings(self, path: Path) -> None:
        # The demo runs on its own settings; the user's file is neither opened nor created. A
        # short title: the scenario's name is long, and notification servers cut titles.
        self._inner.notify(
            Announcement.notice(
                _("The demo leaves your settings alone"),
                _("To change them, run: {command}").format(command=f"{APP_ID} settings"),
            )
        )

    def save_prefs(self, prefs: Prefs) -> None:
        self._inner.save_prefs(prefs)  # into the demo's own, throwaway directory

    def set_autostart(self, enabled: bool) -> bool:
        log.info("demo: start at login left as it is")
        return not enabled

    def apply_config(self, config: Config) -> None:
        self._inner.apply_config(config)

    def refresh(self) -> None:
        self._inner.refresh()

    def quit(self) -> None:
        self._inner.quit()


def with_banner(page: str, label: str) -> str:
    """The details page with ``label`` at its top (escaped: it is text)."""
    import html

    banner = (
        "<p style='background:#fff3c4;border:1px solid #e0c060;padding:.5em .8em;"
        f"border-radius:6px'>{html.escape(label)}</p>"
    )
    at = page.find("<body")
    end = page.find(">", at) if at >= 0 else -1
    if end < 0:
        return banner + page
    return page[: end + 1] + banner + page[end + 1 :]
