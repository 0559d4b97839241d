"""Add by URL: paste a status page's address, see its platform and components, name it, save.

The detection is ``ai-status-tray add``'s (``polling/detect.py``), run off the UI thread; nothing
is written before the user presses Add.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from trayapp.core.i18n import _, ngettext
from trayapp.core.text import clean_text
from trayapp.settings.config_append import provider_id
from trayapp.sources import PLATFORMS
from trayapp.windows.settings_store import SettingsStore
from trayapp.windows.settings_tasks import Found, detect, in_background
from trayapp.windows.settings_widgets import Adw, Gtk, entry_action, named, plain_group, plain_row

Apply = Callable[[Callable[[], object]], bool]
MAX_SHOWN = 40  # components listed to choose from; a longer page is watched whole or by name


class AddByUrl:
    def __init__(self, store: SettingsStore, apply: Apply, added: Callable[[], None]) -> None:
        self.store = store
        self.apply = apply
        self.added = added
        self.found: Found | None = None
        self.result_rows: list[Any] = []
        self.picked: set[str] = set()

        self.group = plain_group(
            title=_("Add by URL"),
            description=_("Paste a status page's address; its platform is found before saving."),
        )
        self.url = plain_row(Adw.EntryRow, title=_("Status page address"))
        entry_action(self.url, _("Find"), _("Find the status page"), self._detect)
        self.url.set_input_purpose(Gtk.InputPurpose.URL)
        self.group.add(self.url)
        self.status = plain_row(Adw.ActionRow, title=_("Detected platform"), visible=False)
        named(self.status, _("Detected platform"))
        self.group.add(self.status)

    def _clear(self) -> None:
        for row in self.result_rows:
            self.group.remove(row)
        self.result_rows = []
        self.found = None
        self.picked = set()

    def _detect(self) -> None:
        url = self.url.get_text().strip()
        if not url:
            return
        self._clear()
        self.status.set_visible(True)
        self.status.set_title(_("Looking for a status page…"))
        self.status.set_subtitle(url)
        self.url.set_sensitive(False)
        watched, catalogue = self.store.config.providers, self.store.catalogue
        in_background(lambda: detect(url, watched, catalogue), self._detected)

    def _detected(self, result: Found | Exception) -> None:
        self.url.set_sensitive(True)
        if isinstance(result, Exception):
            self.status.set_title(_("No status page found"))
            self.status.set_subtitle(clean_text(str(result), 200))
            named(self.status, self.status.get_title(), self.status.get_subtitle())
            return
        self.found = result
        platform = _(PLATFORMS.get(result.spec.type, result.spec.type))
        self.status.set_title(_("Detected platform: {platform}").format(platform=platform))
        count = len(result.components)
        self.status.set_subtitle(
            ngettext("{count} component", "{count} components", count).format(count=count)
            if count
            else _("No components listed (the whole page is watched).")
        )
        named(self.status, self.status.get_title(), self.status.get_subtitle())

        name = plain_row(Adw.EntryRow, title=_("Name"))
        name.set_text(result.spec.name)
        self._show(name)
        for component in result.components[:MAX_SHOWN]:
            row = plain_row(Adw.ActionRow, title=component)
            check = Gtk.CheckButton(valign=Gtk.Align.CENTER)
            named(check, _("Watch {component}").format(component=component))
            check.connect("toggled", lambda c, n=component: self._pick(n, c.get_active()))
            row.add_prefix(check)
            row.set_activatable_widget(check)
            self._show(row)
        save = Gtk.Button(label=_("Add"), halign=Gtk.Align.END, margin_top=6)
        save.add_css_class("suggested-action")
        named(save, _("Add this status page"))
        save.connect("clicked", lambda _b: self._save(name.get_text()))
        self._show(save)

    def _show(self, row: Any) -> None:
        self.result_rows.append(row)
        self.group.add(row)

    def _pick(self, component: str, on: bool) -> None:
        if on:
            self.picked.add(component)
        else:
            self.picked.discard(component)

    def _save(self, name: str) -> None:
        found = self.found
        if found is None:
            return
        name = clean_text(name, 80) or found.spec.name
        taken = set(self.store.catalogue) | {s.id for s in self.store.config.providers}
        spec = replace(found.spec, id=provider_id(name, taken), name=name)
        components = [c for c in found.components if c in self.picked]
        if self.apply(lambda: self.store.add_provider(spec, components)):
            self._clear()
            self.url.set_text("")
            self.status.set_title(_("Added {name}").format(name=name))
            self.status.set_subtitle("")
            self.added()
