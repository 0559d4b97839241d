"""Notifications worth clicking on Linux: ``org.freedesktop.Notifications`` over D-Bus.

Sent from the GLib main loop (dbus-python, asynchronous calls, so a slow or missing service never
blocks anything) with the announced state's icon, an urgency (critical for a major outage), a
category, ``replaces_id`` so an escalation replaces its outage toast, and — when the server
advertises ``actions`` — a default action (the details page), "Open status page" and
"Use <alternative>", answered on ``ActionInvoked``. A failure is logged once, not per poll.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dbus

from trayapp.core.i18n import _
from trayapp.core.identity import APP_ID, APP_NAME
from trayapp.core.model import State
from trayapp.core.notify_policy import MESSAGE_LIMIT, TITLE_LIMIT, Kind
from trayapp.core.text import cut
from trayapp.desktop.controller import Announcement
from trayapp.views.menu_model import Action

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
URGENCY_NORMAL, URGENCY_CRITICAL = 1, 2
TIMEOUT_MS = 10_000
KEEP = 32  # notifications remembered for their actions; older ones are long gone from screen


def urgency(item: Announcement) -> int:
    return URGENCY_CRITICAL if item.state is State.MAJOR_OUTAGE else URGENCY_NORMAL


def category(item: Announcement) -> str:
    if item.note is None:
        return "x-ai-status-tray.notice"
    return {
        Kind.RECOVERY: "network.connected",
        Kind.UNREACHABLE: "network.disconnected",
    }.get(item.note.kind, "network.error")


def body(item: Announcement, caps: list[str]) -> str:
    """The message, escaped where the server reads markup in bodies: a page's "&" or "<" is
    text, never a tag."""
    text = cut(item.message, MESSAGE_LIMIT)
    if "body-markup" not in caps:
        return text
    import html  # here, not at start: see core/text.py

    return html.escape(text, quote=False)


def actions(item: Announcement) -> list[str]:
    """Key/label pairs; "default" is a click on the notification itself."""
    pairs = ["default", _("Show details")]
    if item.status_page:
        pairs += ["status", _("Open status page")]
    if item.alternative:
        pairs += ["alternative", _("Use {name}").format(name=item.alternative[0])]
    return pairs


class DbusNotifier:
    """Needs a running GLib main loop with dbus-python's set as default (the tray sets it)."""

    def __init__(
        self, icon_for: Callable[[State], Path | None], on_action: Callable[[Action], None]
    ) -> None:
        from dbus.mainloop.glib import DBusGMainLoop

        DBusGMainLoop(set_as_default=True)
        self._bus = dbus.SessionBus()
        self._icon_for = icon_for
        self._on_action = on_action
        self._capabilities: list[str] | None = None
        self._shown: dict[int, Announcement] = {}
        self._latest_for: dict[str, int] = {}  # provider id -> its last notification's id
        self._failing = False
        self._bus.add_signal_receiver(self._action_invoked, "ActionInvoked", SERVICE, None, PATH)

    def send(self, item: Announcement) -> None:
        if self._capabilities is not None:
            self._notify(item)
            return
        self._call(
            "GetCapabilities",
            "",
            (),
            lambda caps: self._got_capabilities(caps, item),
            lambda error: self._failed(error, item),
        )

    def _call(
        self,
        method: str,
        signature: str,
        args: tuple[Any, ...],
        reply: Callable[..., None],
        error: Callable[[Exception], None],
    ) -> None:
        """An asynchronous call; the bus starts the service if it is activatable (no proxy:
        making one would block on that start)."""
        self._bus.call_async(SERVICE, PATH, SERVICE, method, signature, args, reply, error)

    def _got_capabilities(self, caps: list[str], item: Announcement) -> None:
        self._capabilities = [str(c) for c in caps]
        self._notify(item)

    def _notify(self, item: Announcement) -> None:
        caps = self._capabilities or []
        icon = self._icon_for(item.state) if item.state else None
        hints: dict[str, Any] = {
            "urgency": dbus.Byte(urgency(item)),
            "category": dbus.String(category(item)),
            "desktop-entry": dbus.String(APP_ID),
        }
        if icon is not None:
            hints["image-path"] = dbus.String(icon.as_uri())
        replaces = 0
        note = item.note
        if note is not None and note.kind is Kind.ESCALATION and len(note.provider_ids) == 1:
            replaces = self._latest_for.get(note.provider_ids[0], 0)
        self._call(
            "Notify",
            "susssasa{sv}i",
            (
                APP_NAME,
                dbus.UInt32(replaces),
                str(icon) if icon else "",
                cut(item.title, TITLE_LIMIT),
                body(item, caps),
                dbus.Array(actions(item) if "actions" in caps else [], signature="s"),
                dbus.Dictionary(hints, signature="sv"),
                dbus.Int32(TIMEOUT_MS),
            ),
            lambda notification_id: self._shown_as(int(notification_id), item),
            lambda error: self._failed(error, item),
        )

    def _shown_as(self, notification_id: int, item: Announcement) -> None:
        self._failing = False
        log.info("notified: %s — %s", item.title, item.message)
        self._shown[notification_id] = item
        while len(self._shown) > KEEP:
            del self._shown[next(iter(self._shown))]
        if item.note is not None:
            for provider_id in item.note.provider_ids:
                self._latest_for[provider_id] = notification_id

    def _failed(self, error: Exception, item: Announcement) -> None:
        self._capabilities = None  # ask again: the service may be another one next time
        if self._failing:
            log.debug("notification not shown: %s", error)
            return
        self._failing = True
        log.warning(
            "notification not shown (%s): %s; not repeated while it fails", error, item.title
        )

    def _action_invoked(self, notification_id: int, key: str) -> None:
        item = self._shown.get(int(notification_id))
        if item is None:
            return  # another app's notification, or one long gone
        key = str(key)
        log.info("notification action: %s", key)
        if key == "default":
            self._on_action(Action("details"))
        elif key == "status" and item.status_page:
            self._on_action(Action("open_url", item.status_page))
        elif key == "alternative" and item.alternative:
            self._on_action(Action("open_url", item.alternative[1]))
