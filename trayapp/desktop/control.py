"""The running tray's control channel: how the windows (their own process) follow and steer it.

On Linux the tray exports one object on the session bus, on the GLib main loop it already runs
(dbus-python; the calls arrive on the UI thread, like menu clicks). Other platforms get another
transport behind the same :class:`ControlHandler` later; until then the windows poll on their
own there (:mod:`trayapp.windows.feed`). The D-Bus side lives in
:mod:`trayapp.desktop.control_dbus`.

Bus name ``io.github.AiStatusTray.Tray``, object ``/io/github/AiStatusTray/Tray``, interface
``io.github.AiStatusTray.Tray1`` (names in :mod:`trayapp.core.identity`; the demo's tray and
windows use ``io.github.AiStatusTray.Demo.Tray`` and ``io.github.AiStatusTray.Demo``):

``GetDetails() -> s``
    The details view as JSON (:mod:`trayapp.views.details_json`). The caller counts as a
    watcher until it calls ``Unwatch()`` or leaves the bus; while anyone watches,
    ``DetailsChanged`` is emitted.
``Unwatch()``
    The caller no longer follows the view (its details window closed; another window of the
    same process may stay open).
``Refresh()``
    Poll every provider now (the menu's "Refresh now").
``SetMuted(s provider_id, b muted)``
    Notifications for one watched provider off or on (the menu's toggle, kept in prefs).
``Pause(s choice)`` / ``Resume()``
    Pause notifications ("1h" or "tomorrow", as the menu offers) or resume them.
``ShowWindow(s name)``
    Open "details", "settings" or "about" as the menu does.
``ReloadSettings()``
    Read ``config.toml`` now (after writing it) instead of at the file watcher's next look.

``DetailsChanged(s json)``
    Signal: the view changed (a poll landed, a provider was muted, history was read).

A call with a bad argument fails with ``io.github.AiStatusTray.Tray1.Error.InvalidArgs`` and
changes nothing. Nothing here shows credentials: the view carries status pages without them.
"""

from __future__ import annotations

from typing import Protocol

from trayapp.views.menu_model import Action


class ControlHandler(Protocol):
    """What the channel asks of the tray (the controller, on the UI thread)."""

    def details_json(self) -> str: ...
    def on_watching(self, watched: bool) -> None: ...
    def on_action(self, action: Action) -> None: ...


class Control(Protocol):
    """A transport: tells watchers of a new view; ``close`` stops serving."""

    def publish(self, details: str) -> None: ...
    def close(self) -> None: ...


class NoControl:
    """Where no transport exists yet: nothing listens."""

    def publish(self, details: str) -> None:
        pass

    def close(self) -> None:
        pass
