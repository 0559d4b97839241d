"""The settings window's Providers page: search, add by URL, and one row per provider.

Each provider row switches watching on or off; opened, it has the provider's loudness, its
components (the page's full list is fetched when asked, off the UI thread) and, for providers
with an API probe, the API key kept in the OS keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trayapp.core.i18n import _
from trayapp.core.loudness import LOUDNESS_KEYS, label
from trayapp.settings import api_keys
from trayapp.settings.choices import ProviderChoice, matches
from trayapp.windows.settings_add import AddByUrl
from trayapp.windows.settings_store import SettingsStore
from trayapp.windows.settings_tasks import in_background, page_components
from trayapp.windows.settings_widgets import Adw, Gtk, combo_row, entry_action, named, switch

Apply = Callable[[Callable[[], object]], bool]


def platform_name(choice: ProviderChoice) -> str:
    return _(choice.platform) if choice.platform != "auto" else _("found when first read")


class ProvidersPage:
    def __init__(
        self, store: SettingsStore, apply: Apply, problem: Callable[[str | None], None]
    ) -> None:
        self.store = store
        self.apply = apply
        self.problem = problem
        self.page = Adw.PreferencesPage(title=_("Providers"))

        search_group = Adw.PreferencesGroup()
        self.search = Gtk.SearchEntry(placeholder_text=_("Search providers"))
        named(self.search, _("Search providers"))
        self.search.connect("search-changed", lambda e: self.filter(e.get_text()))
        search_group.add(self.search)
        self.page.add(search_group)

        self.add = AddByUrl(store, apply, self.added)
        self.page.add(self.add.group)

        self.group = Adw.PreferencesGroup(
            title=_("Providers"), description=_("Switch on the services you use.")
        )
        self.page.add(self.group)
        self.rows: list[tuple[ProviderChoice, Any]] = []
        self.nothing = Adw.ActionRow(title=_("No provider matches your search"), visible=False)
        self.group.add(self.nothing)
        for choice in store.choices():
            self._add_row(choice)

    def focus_search(self) -> None:
        self.search.grab_focus()

    def filter(self, query: str) -> None:
        shown = 0
        for choice, row in self.rows:
            visible = matches(choice, query, platform_name(choice))
            row.set_visible(visible)
            shown += visible
        self.nothing.set_visible(shown == 0)

    def added(self) -> None:
        """A provider was added by URL: its row joins the list, watched."""
        known = {choice.id for choice, _row in self.rows}
        for choice in self.store.choices():
            if choice.id not in known:
                self._add_row(choice)

    # -- one provider ------------------------------------------------------------------------
    def _add_row(self, choice: ProviderChoice) -> None:
        subtitle = platform_name(choice)
        if choice.vendor:
            subtitle = f"{choice.vendor} · {subtitle}"
        if choice.own:
            subtitle = _("{platform} · added by you").format(platform=subtitle)
        row = Adw.ExpanderRow(title=choice.name, subtitle=subtitle)
        row.set_title_selectable(False)
        named(row, choice.name, subtitle)
        watch = switch(
            _("Watch {name}").format(name=choice.name),
            choice.watched,
            lambda on: self.apply(lambda: self.store.set_watched(choice.id, on)),
        )
        row.add_action(watch)

        levels = list(LOUDNESS_KEYS)
        loud = combo_row(
            _("Notifications"),
            [label(key) for key in levels],
            levels.index(choice.loudness),
            lambda i: self.apply(lambda: self.store.set_loudness(choice.id, levels[i])),
        )
        row.add_row(loud)
        Components(self, row, choice)
        if choice.has_probe:
            ApiKey(self, row, choice)
        self.rows.append((choice, row))
        self.group.add(row)


class Components:
    """The components of one provider: the watched ones at first, the page's list on request."""

    def __init__(self, page: ProvidersPage, parent: Any, choice: ProviderChoice) -> None:
        self.page = page
        self.choice = choice
        self.chosen = list(choice.components)
        self.switches: dict[str, Any] = {}
        self.parent = parent
        self.header = Adw.ActionRow(title=_("Components"), subtitle=self._summary())
        self.load = Gtk.Button(label=_("Show all"), valign=Gtk.Align.CENTER)
        named(self.load, _("Show all components of {name}").format(name=choice.name))
        self.load.connect("clicked", lambda _b: self._fetch())
        self.header.add_suffix(self.load)
        parent.add_row(self.header)
        for name in self.chosen:
            self._add(name)

    def _summary(self) -> str:
        if not self.chosen:
            return _("None chosen: the whole page counts")
        return _("Watched: {names}").format(names=", ".join(self.chosen))

    def _add(self, name: str) -> None:
        if name in self.switches:
            return
        row = Adw.ActionRow(title=name)
        toggle = switch(None, name in self.chosen, lambda on: self._toggle(name, on))
        row.add_suffix(toggle)
        row.set_activatable_widget(toggle)
        self.switches[name] = toggle
        self.parent.add_row(row)

    def _toggle(self, name: str, on: bool) -> bool:
        chosen = [c for c in self.chosen if c != name] + ([name] if on else [])
        if not self.page.apply(lambda: self.page.store.set_components(self.choice.id, chosen)):
            return False
        self.chosen = chosen
        self.header.set_subtitle(self._summary())
        return True

    def _fetch(self) -> None:
        spec = next(
            (s for s in self.page.store.config.providers if s.id == self.choice.id), None
        ) or self.page.store.catalogue.get(self.choice.id)
        if spec is None:
            return
        self.load.set_sensitive(False)
        self.header.set_subtitle(_("Asking the status page…"))

        def done(result: tuple[str, ...] | Exception) -> None:
            self.load.set_sensitive(True)
            self.header.set_subtitle(self._summary())
            if isinstance(result, Exception):
                self.page.problem(
                    _("Could not list the components of {name}: {error}").format(
                        name=self.choice.name, error=result
                    )
                )
                return
            self.load.set_visible(False)
            for name in result:
                self._add(name)

        in_background(lambda: page_components(spec), done)


class ApiKey:
    """The API key for a provider's probe: stored in the OS keyring, never shown back."""

    def __init__(self, page: ProvidersPage, parent: Any, choice: ProviderChoice) -> None:
        self.page = page
        self.choice = choice
        self.entry = Adw.PasswordEntryRow(title=_("API key (kept in the system keyring)"))
        store_name = _("Store the API key for {name}").format(name=choice.name)
        entry_action(self.entry, _("Store"), store_name, self._store)
        parent.add_row(self.entry)
        self.stored = Adw.ActionRow(title=_("A key is stored"), visible=False)
        forget = Gtk.Button(label=_("Remove"), valign=Gtk.Align.CENTER)
        named(forget, _("Remove the API key for {name}").format(name=choice.name))
        forget.connect("clicked", lambda _b: self._forget())
        self.stored.add_suffix(forget)
        parent.add_row(self.stored)
        in_background(lambda: api_keys.has_key(choice.id), self._shown)

    def _shown(self, result: bool | Exception) -> None:
        self.stored.set_visible(result is True)

    def _store(self) -> None:
        key = self.entry.get_text()
        self.entry.set_text("")  # the key leaves the window at once, stored or not

        def done(result: Exception | None) -> None:
            if isinstance(result, ValueError):
                self.page.problem(_("That does not look like an API key."))
            elif isinstance(result, Exception):
                self.page.problem(
                    _("The system keyring did not keep the key ({error}).").format(error=result)
                )
            else:
                self.page.problem(None)
                self.stored.set_visible(True)

        in_background(lambda: api_keys.store_key(self.choice.id, key), done)

    def _forget(self) -> None:
        def done(result: Exception | None) -> None:
            if isinstance(result, Exception):
                self.page.problem(
                    _("The system keyring did not remove the key ({error}).").format(error=result)
                )
            else:
                self.stored.set_visible(False)

        in_background(lambda: api_keys.forget_key(self.choice.id), done)
