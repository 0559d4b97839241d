"""Notifications worth clicking on Linux: ``org.freedesktop.Notifications`` over D-Bus.

Sent from the GLib main loop (dbus-python, asynchronous calls, so a slow or missing service never
blocks anything) with the announced state's icon, normal urgency, a category, and — when the
server advertises ``actions`` — a default action (the details page), "Open status page" and
"Use <alternative>", answered on ``ActionInvoked``. A failure is logged once, not per poll.

A notification never outlives what it says: one about providers that a newer one speaks for
(the recovery, an escalation, a relapse) is replaced by it (``replaces_id``) or closed
(``CloseNotification``), and every notification still open is closed when the app quits, its
buttons being dead by then. Never critical: servers keep critical notifications until the user
dismisses them (and show them through "do not disturb"), and an outage is something the app
itself will later call over (docs/notifications.md).
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
URGENCY_NORMAL = 1
TIMEOUT_MS = 10_000
KEEP = 32  # notifications remembered for their actions; older ones are long gone from screen


def urgency(item: Announcement) -> int:
    """Normal for every notification, a major outage too (see the module's docstring)."""
    return URGENCY_NORMAL


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
        # Ours still on screen (or in the server's list), oldest first: the providers each one
        # still speaks for (none for a notice of the app's own).
        self._open: dict[int, frozenset[str]] = {}
        self._failing = False
        self._bus.add_signal_receiver(self._action_invoked, "ActionInvoked", SERVICE, None, PATH)
        self._bus.add_signal_receiver(self._closed, "NotificationClosed", SERVICE, None, PATH)

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
        superseded = self._superseded_by(item)
        replaces = superseded.pop() if superseded else 0  # the newest takes the new one's place
        for stale in superseded:
            self._close(stale)
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

    def _superseded_by(self, item: Announcement) -> list[int]:
        """The open notifications that ``item`` makes out of date, oldest first: those whose
        every provider it speaks for (a grouped outage waits until all of its providers have
        been spoken for again)."""
        about = frozenset(item.note.provider_ids if item.note else ())
        if not about:
            return []
        superseded = []
        for notification_id, providers in list(self._open.items()):
            if not providers or not providers & about:
                continue
            if providers <= about:
                superseded.append(notification_id)
                del self._open[notification_id]
            else:
                self._open[notification_id] = providers - about
        return superseded

    def _shown_as(self, notification_id: int, item: Announcement) -> None:
        self._failing = False
        log.info("notified: %s — %s", item.title, item.message)
        self._shown[notification_id] = item
        while len(self._shown) > KEEP:
            del self._shown[next(iter(self._shown))]
        self._open.pop(notification_id, None)  # a replaced one moves to the end: the newest
        self._open[notification_id] = frozenset(item.note.provider_ids if item.note else ())
        while len(self._open) > KEEP:
            del self._open[next(iter(self._open))]

    def _closed(self, notification_id: int, reason: int = 0) -> None:
        """The server closed one (expired, dismissed, or at our request): nothing to replace."""
        self._open.pop(int(notification_id), None)

    def _close(self, notification_id: int) -> None:
        log.info("closing notification %d: no longer true", notification_id)
        self._call(
            "CloseNotification",
            "u",
            (dbus.UInt32(notification_id),),
            lambda *reply: None,
            lambda error: log.debug("could not close notification %d: %s", notification_id, error),
        )

    def close(self) -> None:
        """The app is quitting: close what is still open (its buttons would do nothing now).
        Sent without waiting for replies, and flushed: the main loop has already stopped."""
        try:
            for notification_id in self._open:
                message = dbus.lowlevel.MethodCallMessage(
                    SERVICE, PATH, SERVICE, "CloseNotification"
                )
                message.append(dbus.UInt32(notification_id), signature="u")
                message.set_no_reply(True)
                self._bus.send_message(message)
            self._bus.flush()
        except Exception as exc:  # the session bus is gone already (logout)
            log.debug("notifications not closed: %s", exc)
        self._open.clear()

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
