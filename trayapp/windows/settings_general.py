"""The settings window's General page: pause, language, poll interval, start at login, files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from gi.repository import GLib

from trayapp.core.i18n import _
from trayapp.core.notify_policy import PAUSE_CHOICES, pause_end
from trayapp.core.timefmt import local
from trayapp.settings.config_write import backup_path
from trayapp.settings.interval import poll_floor, typed_interval
from trayapp.settings.language import SUPPORTED
from trayapp.windows.settings_store import SettingsStore
from trayapp.windows.settings_widgets import (
    Adw,
    Gtk,
    combo_row,
    entry_action,
    named,
    plain_group,
    plain_row,
    switch_row,
)

Apply = Callable[[Callable[[], object]], bool]

# Each language by its own name, as language pickers show them (not translated).
LANGUAGE_NAMES = {"en": "English", "id": "Bahasa Indonesia"}


def general_page(
    store: SettingsStore, apply: Apply, problem: Callable[[str | None], None], tray: Any = None
) -> Any:
    page = Adw.PreferencesPage(title=_("General"))
    page.add(_notifications(store, apply, tray))
    page.add(_app(store, apply, problem))
    page.add(_files(store))
    return page


def _pause_text(until: datetime | None, now: datetime) -> str:
    if until is None:
        return _("Notifications are on")
    return _("Notifications paused until {time}").format(time=local(until, now))


def _notifications(store: SettingsStore, apply: Apply, tray: Any) -> Any:
    """The global pause. With a tray running it pauses through the tray (the one writer of the
    saved choices); without one it writes them, and the tray reads them when it starts."""
    group = plain_group(title=_("Notifications"))
    options = [_("Not paused"), _("For 1 hour"), _("Until tomorrow 08:00")]
    choices: list[str | None] = [None, *PAUSE_CHOICES]
    until = store.paused_until()
    current = 0
    if until is not None:
        # Paused now: the combo says so, and "Not paused" is a real change (it resumes).
        options.append(_("Paused until {time}").format(time=local(until, store.now())))
        current = len(options) - 1
    row = combo_row(_("Pause notifications"), options, current, lambda i: pause(i))
    row.set_subtitle(_pause_text(until, store.now()))

    def pause(index: int) -> bool:
        if index >= len(choices):  # the pause as it was: nothing to change
            return True
        choice = choices[index]
        ended: list[datetime | None] = [None]
        if tray is not None and tray.present:
            tray.pause(choice) if choice else tray.resume()
            ended[0] = pause_end(choice, store.now()) if choice else None
            done = True
        else:
            done = apply(lambda: ended.__setitem__(0, store.pause(choice)))
        if done:
            row.set_subtitle(_pause_text(ended[0], store.now()))
        return done

    group.add(row)
    return group


def _app(store: SettingsStore, apply: Apply, problem: Callable[[str | None], None]) -> Any:
    group = plain_group(
        title=_("App"),
        description=_("A new language shows in the tray at once, here when the window next opens."),
    )
    codes: list[str | None] = [None, *SUPPORTED]
    names = [_("From the system")] + [LANGUAGE_NAMES.get(c, c) for c in SUPPORTED]
    current = codes.index(store.config.language) if store.config.language in codes else 0
    language = combo_row(
        _("Language"), names, current, lambda i: apply(lambda: store.set_language(codes[i]))
    )
    # The choice under the title, not beside it: "From the system" and "Bahasa Indonesia" are
    # long, and the row is 360 pixels wide at the narrowest.
    language.set_use_subtitle(True)
    group.add(language)

    interval = plain_row(Adw.EntryRow, title=_("Seconds between checks"))
    interval.set_text(f"{store.config.poll_interval:g}")
    interval.set_input_purpose(Gtk.InputPurpose.NUMBER)

    # What is wrong with the typed value, right under the field (not at the window's top).
    said = plain_row(Adw.ActionRow, title="", visible=False)
    said.add_css_class("error")
    named(said, _("About the seconds between checks"))

    def say(text: str | None) -> None:
        said.set_title(text or "")
        said.set_visible(bool(text))
        if text:
            interval.add_css_class("error")
        else:
            interval.remove_css_class("error")

    def set_interval() -> None:
        try:
            seconds = typed_interval(interval.get_text(), poll_floor(store.config.providers))
        except ValueError as exc:
            say(str(exc))
            return
        say(None)
        if not apply(lambda: store.set_poll_interval(seconds)):
            interval.add_css_class("error")

    entry_action(interval, _("Apply"), _("Apply the seconds between checks"), set_interval)
    group.add(interval)
    group.add(said)

    login, _toggle = switch_row(
        _("Start at login"),
        _("Show the icon when you log in"),
        store.autostart(),
        lambda on: apply(lambda: store.set_autostart(on)),
    )
    group.add(login)
    return group


def _files(store: SettingsStore) -> Any:
    group = plain_group(
        title=_("Settings file"),
        description=_(
            "Changes are saved at once; the file before the last change is kept as {name}."
        ).format(name=backup_path(store.path).name),
    )
    row = plain_row(Adw.ActionRow, title=_("Location"), subtitle=str(store.path))
    button = Gtk.Button(label=_("Open in editor"), valign=Gtk.Align.CENTER)
    named(button, _("Open the settings file in an editor"))

    def failed(reason: str) -> None:
        # Said where the click was: the file's place stays, for opening it by hand.
        message = _("No editor opened ({reason}).").format(reason=reason)

        def say() -> bool:
            row.set_subtitle(f"{store.path}\n{message}")
            return False

        GLib.idle_add(say)

    def open_file(_button: Any) -> None:
        from trayapp.desktop import opener  # imported when used

        row.set_subtitle(str(store.path))
        if store.exists():
            opener.open_file(store.path, failed)

    button.connect("clicked", open_file)
    row.add_suffix(button)
    group.add(row)
    return group
