"""The settings window: two pages (Providers, General), one place for a refused change's reason.

Every change is written at once (see :mod:`trayapp.windows.settings_store`); there is no Save
button to forget. A change the validator refuses is undone in the window and its reason shown
at the top, and the file stays as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from trayapp.core.i18n import _
from trayapp.core.identity import APP_NAME
from trayapp.settings.config import ConfigError
from trayapp.windows.settings_general import general_page
from trayapp.windows.settings_providers import ProvidersPage
from trayapp.windows.settings_store import SettingsStore
from trayapp.windows.settings_widgets import Adw, Gtk, named

log = logging.getLogger(__name__)

DEFAULT_SIZE = (520, 720)
NARROWEST = 360  # readable on a phone-sized or tiled window


class SettingsWindow:
    """Builds the window for ``store``. Without a settings file it is the first run: a word on
    the icon, the popular picks chosen, and closing keeps them (writes the file)."""

    def __init__(self, app: Adw.Application, store: SettingsStore, tray: Any = None) -> None:
        self.store = store
        self.tray = tray  # the running tray's control channel (windows/tray_link.py), if any
        self.first_run = not store.exists()
        self.window = Adw.ApplicationWindow(
            application=app, title=_("{app} settings").format(app=APP_NAME)
        )
        self.window.set_default_size(*DEFAULT_SIZE)
        self.window.set_size_request(NARROWEST, 300)
        self.window.connect("close-request", self._on_close)

        stack = Adw.ViewStack()
        self.problem = Gtk.Label(wrap=True, xalign=0, selectable=True)
        self.problem.add_css_class("error")
        named(self.problem, _("Problem"))
        self.problem_bar = Gtk.Revealer(child=_padded(self.problem))

        self.providers = ProvidersPage(store, self.apply, self.show_problem)
        stack.add_titled_with_icon(
            self.providers.page, "providers", _("Providers"), "view-list-symbolic"
        )
        stack.add_titled_with_icon(
            general_page(store, self.apply, self.show_problem, tray),
            "general",
            _("General"),
            "preferences-system-symbolic",
        )

        header = Adw.HeaderBar()
        title = Adw.ViewSwitcherTitle(stack=stack, title=self.window.get_title())
        header.set_title_widget(title)
        switcher_bar = Adw.ViewSwitcherBar(stack=stack)
        title.connect(
            "notify::title-visible", lambda t, _p: switcher_bar.set_reveal(t.get_title_visible())
        )

        box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
        box.append(header)
        if self.first_run:
            box.append(_padded(_welcome()))
        box.append(self.problem_bar)
        stack.set_vexpand(True)
        box.append(stack)
        box.append(switcher_bar)
        self.window.set_content(box)
        self._shortcuts()
        if store.problem:
            self.show_problem(store.problem)

    def present(self) -> None:
        self.window.present()

    # -- changes -----------------------------------------------------------------------------
    def apply(self, change: Callable[[], object]) -> bool:
        """Run one change; on a refusal, say why and return False (the control goes back)."""
        try:
            change()
        except ConfigError as exc:
            self.show_problem(str(exc))
            return False
        except Exception as exc:  # a disk or keyring failure: said, never a crash
            log.warning("a settings change failed", exc_info=True)
            self.show_problem(_("Not saved: {error}").format(error=f"{type(exc).__name__}: {exc}"))
            return False
        self.show_problem(None)
        if self.tray is not None:
            # Read at once, not at the file watcher's next look (a second or two later).
            self.tray.reload_settings()
        return True

    def show_problem(self, text: str | None) -> None:
        self.problem.set_text(text or "")
        self.problem_bar.set_reveal_child(bool(text))

    def _on_close(self, _window: Any) -> bool:
        if self.first_run and not self.store.exists():
            # Closing the first run's window keeps its picks: the tray reads them from the file.
            self.apply(self.store.keep_first_run_picks)
        return False  # let it close

    def _shortcuts(self) -> None:
        controller = Gtk.ShortcutController()
        controller.set_scope(Gtk.ShortcutScope.GLOBAL)
        controller.add_shortcut(
            Gtk.Shortcut(
                trigger=Gtk.ShortcutTrigger.parse_string("<Control>w|Escape"),
                action=Gtk.CallbackAction.new(lambda *_a: _done(self.window.close)),
            )
        )
        controller.add_shortcut(
            Gtk.Shortcut(
                trigger=Gtk.ShortcutTrigger.parse_string("<Control>f"),
                action=Gtk.CallbackAction.new(lambda *_a: _done(self.providers.focus_search)),
            )
        )
        self.window.add_controller(controller)


def settings_window(app: Any) -> Any:
    """The window for the windows' application (``trayapp.windows.app``)."""
    return SettingsWindow(app, SettingsStore(app.context.config_file), app.tray).window


def _done(action: Callable[[], object]) -> bool:
    action()
    return True  # handled


def _welcome() -> Gtk.Label:
    text = _(
        "The tray icon shows the worst state of the services you watch (green: all is well,"
        " yellow: degraded, orange or red: an outage, grey: cannot tell); four popular ones are"
        " picked for you, and closing this window keeps them."
    )
    return Gtk.Label(label=text, wrap=True, xalign=0)


def _padded(child: Gtk.Widget) -> Gtk.Widget:
    box = Gtk.Box(margin_start=12, margin_end=12, margin_top=8, margin_bottom=4)
    child.set_hexpand(True)
    box.append(child)
    return box
