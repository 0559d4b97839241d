"""One provider in the details window: its state, incidents, components, uptime and buttons.

Built from a :class:`~trayapp.views.details_view.ProviderCard` (already sanitised) with the
words of :mod:`trayapp.views.details_text`; every text is a plain label, every button has an
accessible name that says which provider it acts on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from gi.repository import Gtk

from trayapp.core.i18n import _
from trayapp.views import details_text as words
from trayapp.views.details_view import IncidentRow, ProviderCard, Uptime
from trayapp.windows import widgets

EXPANDED_COMPONENTS = 8  # more than this start folded, unless one has a problem
SetMuted = Callable[[str, bool], None]


def _vbox(spacing: int = 6) -> Gtk.Box:
    return Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=spacing)


def _hbox(spacing: int = 8) -> Gtk.Box:
    return Gtk.Box(orientation=Gtk.Orientation.HORIZONTAL, spacing=spacing)


def _row(*children: Gtk.Widget) -> Gtk.Box:
    row = _hbox(6)
    for child in children:
        row.append(child)
    return row


def _column(*children: Gtk.Widget) -> Gtk.Box:
    """Buttons one above the other, each as wide as its label: they fit the narrowest window."""
    column = _vbox(6)
    for child in children:
        child.set_halign(Gtk.Align.START)
        column.append(child)
    return column


class Card(Gtk.Box):  # type: ignore[misc]
    """The card of one provider; :meth:`set_checked` updates the only line that changes on
    every poll without rebuilding the rest."""

    def __init__(self, card: ProviderCard, now: datetime, set_muted: SetMuted) -> None:
        super().__init__(orientation=Gtk.Orientation.VERTICAL, spacing=8)
        self.card = card
        self.add_css_class("card")
        self.add_css_class("provider-card")
        self.set_name(f"provider:{card.id}")
        self.update_property([Gtk.AccessibleProperty.LABEL], [card.name])
        self.append(self._header(card, now))
        for line in ([card.error] if card.error else []) + list(card.notes):
            self.append(widgets.text(line, "error" if line == card.error else "dim-label"))
        for incident in card.incidents:
            self.append(self._incident(incident, now))
        for m in card.maintenances:
            self.append(widgets.text(words.maintenance_line(m, now)))
        if (other := words.other_incidents(card)) is not None:
            self.append(widgets.text(other, "dim-label"))
        if card.components:
            self.append(self._components(card))
        for bar in card.uptime:
            self.append(self._uptime(card, bar))
        if card.uptime:
            self.append(widgets.text(words.outages_line(card), "dim-label"))
        if card.alternatives:
            self.append(widgets.text(_("Up now, to use instead:"), "heading"))
            uses = (_use(a.name, a.url, f"use:{card.id}:{a.name}") for a in card.alternatives)
            self.append(_column(*uses))
        self.append(self._actions(card, set_muted))
        self._checked = widgets.text(words.card_checked(card, now), "dim-label", "caption")
        self.append(self._checked)

    def set_checked(self, card: ProviderCard, now: datetime) -> None:
        self.card = card
        self._checked.set_text(words.card_checked(card, now))

    # -- parts -----------------------------------------------------------------------------
    def _header(self, card: ProviderCard, now: datetime) -> Gtk.Widget:
        row = _hbox(10)
        row.append(widgets.state_badge(card.state))
        titles = _vbox(2)
        titles.append(widgets.text(card.name, "title-4"))
        titles.append(widgets.text(words.state_line(card, now)))
        row.append(titles)
        return row

    def _incident(self, incident: IncidentRow, now: datetime) -> Gtk.Widget:
        box = _vbox(2)
        box.add_css_class("incident")
        title = _hbox(6)
        title.append(widgets.state_badge(incident.impact, small=True))
        title.append(widgets.text(incident.title, "heading"))
        box.append(title)
        box.append(widgets.text(words.incident_meta(incident, now), "dim-label"))
        update = words.latest_update(incident)
        if update:
            box.append(widgets.text(update))
        if incident.url:
            name = _("Open the incident “{title}”").format(title=incident.title)
            link = widgets.link_button(_("Open incident"), incident.url, name)
            link.set_halign(Gtk.Align.START)
            box.append(link)
        return box

    def _components(self, card: ProviderCard) -> Gtk.Widget:
        title = words.components_title(card)
        expander = Gtk.Expander(label=title)
        widgets.accessible(expander, title)
        trouble = any(c.state.is_problem or not c.state.is_known for c in card.components)
        expander.set_expanded(trouble or len(card.components) <= EXPANDED_COMPONENTS)
        rows = _vbox(4)
        rows.set_margin_top(4)
        for component in card.components:
            row = _hbox(8)
            row.append(widgets.state_badge(component.state, small=True))
            row.append(widgets.text(words.component_line(component.name, component.state)))
            rows.append(row)
        if (more := words.components_more(card)) is not None:
            rows.append(widgets.text(more, "dim-label"))
        expander.set_child(rows)
        return expander

    def _uptime(self, card: ProviderCard, bar: Uptime) -> Gtk.Widget:
        box = _vbox(4)
        title = words.uptime_title(bar)
        box.append(widgets.text(title))
        # One image for a screen reader, not ninety boxes.
        cells = Gtk.Box(
            orientation=Gtk.Orientation.HORIZONTAL,
            spacing=1 if bar.days > 30 else 3,
            accessible_role=Gtk.AccessibleRole.IMG,
        )
        cells.set_homogeneous(True)
        cells.set_hexpand(True)
        total = len(bar.cells)
        for index, state in enumerate(bar.cells):
            cell = Gtk.Box(accessible_role=Gtk.AccessibleRole.PRESENTATION)
            cell.add_css_class("uptime-cell")
            cell.add_css_class(f"state-{state.value}" if state is not None else "none")
            if bar.days <= 30:
                cell.add_css_class("wide")
            cell.set_tooltip_text(words.cell_tooltip(state, total - 1 - index))
            cells.append(cell)
        widgets.accessible(cells, f"{card.name}: {title}", words.uptime_description(bar))
        box.append(cells)
        return box

    def _actions(self, card: ProviderCard, set_muted: SetMuted) -> Gtk.Widget:
        buttons: list[Gtk.Widget] = []
        if card.status_page:
            buttons.append(
                widgets.link_button(
                    _("Open status page"),
                    card.status_page,
                    _("Open the status page of {name}").format(name=card.name),
                    key=f"status:{card.id}",
                )
            )
        label, name = words.mute_label(card)
        mute = widgets.button(
            label,
            lambda: set_muted(card.id, not card.muted),
            name,
            key=f"mute:{card.id}",
        )
        if card.muted_in_settings:
            mute.set_sensitive(False)
            mute.set_tooltip_text(_("Muted in the settings file"))
        buttons.append(mute)
        return _row(*buttons)


def _use(name: str, url: str, key: str) -> Gtk.Widget:
    label, accessible_name = words.use_instead(name)
    return widgets.link_button(label, url, accessible_name, key=key)
