"""The details window: every watched provider, live, from the running tray (or its own polling).

It updates in place when a view arrives: cards whose provider did not change stay as they are
(only their "checked" line moves on), changed ones are rebuilt, and keyboard focus stays on
the button it was on. Keys: Tab between controls, Ctrl+R or F5 refreshes, Escape or Ctrl+W
closes (Ctrl+Q: every window). Asked for one provider (the menu's "…and N more"), it scrolls to
that provider's card as soon as the card is laid out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from gi.repository import Adw, Gtk

from trayapp.core.i18n import _
from trayapp.core.identity import APP_NAME
from trayapp.settings.zone import local_zone
from trayapp.views import details_text as words
from trayapp.views.details_view import DetailsView, ProviderCard
from trayapp.windows import widgets
from trayapp.windows.card import Card
from trayapp.windows.context import Host, as_application
from trayapp.windows.feed import DetailsFeed

log = logging.getLogger(__name__)

DEFAULT_SIZE = (480, 720)
NARROWEST = 360  # readable down to this width
CARD_GAP = 12  # pixels above a card scrolled to, as between cards
SCROLL_FRAMES = 120  # frames to wait for an asked-for card to be laid out (about 2 s)


class DetailsWindow(Adw.ApplicationWindow):  # type: ignore[misc]
    def __init__(self, app: Host) -> None:
        super().__init__(application=as_application(app), title=APP_NAME)
        self.set_default_size(*DEFAULT_SIZE)
        self.set_size_request(NARROWEST, 320)
        self._zone = local_zone()
        self._cards: dict[str, Card] = {}
        self._view: DetailsView | None = None
        self._wanted: str | None = None  # a provider to scroll to, once its card is there
        self._scrolling = False  # a tick callback is waiting for its card to be laid out

        self._title = Adw.WindowTitle(title=APP_NAME, subtitle=_("Checking status pages…"))
        header = Adw.HeaderBar()
        header.set_title_widget(self._title)
        refresh = widgets.button(
            _("Refresh now"), self._refresh, icon="view-refresh-symbolic", key="refresh"
        )
        header.pack_start(refresh)

        self._badge_slot = Gtk.Box()
        self._headline = widgets.text(_("Checking status pages…"), "title-2")
        self._notice = widgets.text("", "dim-label")
        self._problem = widgets.text("", "error")
        self._up_now = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=6)
        top = Gtk.Box(orientation=Gtk.Orientation.HORIZONTAL, spacing=10)
        top.append(self._badge_slot)
        top.append(self._headline)
        summary = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=6)
        for part in (top, self._notice, self._problem, self._up_now):
            summary.append(part)
        self._providers = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=12)

        page = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=16)
        for side in ("top", "bottom", "start", "end"):
            getattr(page, f"set_margin_{side}")(12)
        page.append(summary)
        page.append(self._providers)
        clamp = Adw.Clamp(maximum_size=760, tightening_threshold=560)
        clamp.set_child(page)
        scroller = Gtk.ScrolledWindow()
        # Text wraps: the page never scrolls sideways, down to the narrowest width.
        scroller.set_policy(Gtk.PolicyType.NEVER, Gtk.PolicyType.AUTOMATIC)
        scroller.set_vexpand(True)
        scroller.set_child(clamp)
        self._scroller = scroller
        self._page = page
        content = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
        content.append(header)
        content.append(scroller)
        self.set_content(content)
        self._keys()

        self._replay = bool(app.context.channel)
        self._feed = DetailsFeed(app.context, app.tray, self.show_view, self._show_problem)
        self.connect("close-request", self._closing)
        self._feed.start()

    def _keys(self) -> None:
        keys = Gtk.ShortcutController()
        keys.set_scope(Gtk.ShortcutScope.GLOBAL)
        for trigger, act in (("<Control>r|F5", self._refresh), ("Escape", self.close)):
            keys.add_shortcut(
                Gtk.Shortcut.new(
                    Gtk.ShortcutTrigger.parse_string(trigger), Gtk.CallbackAction.new(_handled(act))
                )
            )
        self.add_controller(keys)

    def _now(self, view: DetailsView | None = None) -> datetime:
        if self._replay and view is not None and view.checked_at is not None:
            # A demo's clock is its replay's, on another day: "now" is its latest look.
            return view.checked_at.astimezone(self._zone)
        return datetime.now(self._zone)

    def _refresh(self) -> None:
        log.info("refresh asked from the details window")
        self._feed.refresh()

    def _set_muted(self, provider_id: str, muted: bool) -> None:
        log.info("%s %s from the details window", "mute" if muted else "unmute", provider_id)
        self._feed.set_muted(provider_id, muted)

    def _closing(self, _window: Gtk.Window) -> bool:
        self._feed.stop()
        return False

    def _show_problem(self, message: str) -> None:
        self._problem.set_text(_("The tray did not answer: {error}").format(error=message))
        self._problem.set_visible(True)

    # -- drawing a view --------------------------------------------------------------------
    def show_view(self, view: DetailsView) -> None:
        now = self._now(view)
        focused = self._focused_key()
        self._view = view
        self._draw_summary(view, now)
        self._draw_cards(view.providers, now)
        if focused:
            self._refocus(focused)
        self._scroll_to_wanted()

    # -- one provider, asked for -----------------------------------------------------------
    def show_provider(self, provider_id: str) -> None:
        """Scroll to ``provider_id``'s card (now, or when the view with it arrives)."""
        self._wanted = provider_id
        self._scroll_to_wanted()

    def _scroll_to_wanted(self) -> None:
        if self._scrolling or self._cards.get(self._wanted or "") is None:
            return
        self._scrolling = True
        frames = [0]

        def scroll(_widget: Gtk.Widget, _clock: object) -> bool:
            frames[0] += 1
            card = self._cards.get(self._wanted or "")
            placed = card is not None and card.get_parent() is not None and card.get_height() > 0
            found = card.translate_coordinates(self._page, 0, 0) if placed and card else None
            if found is not None:  # (x, y) in the page, None while it cannot tell
                self._scroller.get_vadjustment().set_value(max(0.0, found[1] - CARD_GAP))
                self._wanted = None
            self._scrolling = self._wanted is not None and frames[0] < SCROLL_FRAMES
            return bool(self._scrolling)  # until the card is laid out

        self._scroller.add_tick_callback(scroll)

    def _draw_summary(self, view: DetailsView, now: datetime) -> None:
        self._title.set_subtitle(words.checked(view, now))
        self._headline.set_text(words.headline(view))
        child = self._badge_slot.get_first_child()
        if child is not None:
            self._badge_slot.remove(child)
        if view.overall is not None:
            self._badge_slot.append(widgets.state_badge(view.overall))
        notes = [words.paused(view, now)]
        if not self._feed.from_tray:
            notes.append(_("The tray is not running: this window checks the pages itself."))
        notice = " ".join(n for n in notes if n)
        self._notice.set_text(notice)
        self._notice.set_visible(bool(notice))
        self._problem.set_text(view.problem or "")
        self._problem.set_visible(bool(view.problem))
        self._draw_up_now(view)

    def _draw_up_now(self, view: DetailsView) -> None:
        while (child := self._up_now.get_first_child()) is not None:
            self._up_now.remove(child)
        if view.overall is None:
            return
        if not view.up_now:
            none = _("No chat service is fully up right now.")
            self._up_now.append(widgets.text(none, "dim-label"))
            return
        self._up_now.append(widgets.text(_("Chat services up now:"), "heading"))
        for link in view.up_now:
            label, name = words.use_instead(link.name)
            button = widgets.link_button(label, link.url, name, key=f"up:{link.name}")
            button.set_halign(Gtk.Align.START)
            self._up_now.append(button)

    def _draw_cards(self, cards: tuple[ProviderCard, ...], now: datetime) -> None:
        kept: dict[str, Card] = {}
        for card in cards:
            old = self._cards.get(card.id)
            if old is not None and _same(old.card, card):
                old.set_checked(card, now)
                kept[card.id] = old
            elif old is not None and _same(old.card, card, history=True):
                old.set_history(card, now)
                kept[card.id] = old
            else:
                kept[card.id] = Card(card, now, self._set_muted)
        for card_id, widget in self._cards.items():
            if kept.get(card_id) is not widget:
                self._providers.remove(widget)
        previous: Gtk.Widget | None = None
        for card in cards:
            widget = kept[card.id]
            if widget.get_parent() is None:
                self._providers.insert_child_after(widget, previous)
            elif widget.get_prev_sibling() is not previous:
                self._providers.reorder_child_after(widget, previous)
            previous = widget
        self._cards = kept

    # -- keyboard focus across redraws -----------------------------------------------------
    def _focused_key(self) -> str | None:
        widget = self.get_focus()
        while widget is not None:
            name = widget.get_name()
            if ":" in name or name == "refresh":
                return str(name)
            widget = widget.get_parent()
        return None

    def _refocus(self, key: str) -> None:
        current = self.get_focus()
        if current is not None and current.get_root() is self and current.get_name() == key:
            return
        found = _find(self._providers, key) or _find(self._up_now, key)
        if found is not None:
            found.grab_focus()


def _same(a: ProviderCard, b: ProviderCard, history: bool = False) -> bool:
    """``a`` and ``b`` alike but for when they were checked (and, ``history``, their uptime
    figures and outage count)."""
    if history:
        a, b = replace(a, uptime=(), outages=0), replace(b, uptime=(), outages=0)
    return replace(a, checked_at=None) == replace(b, checked_at=None)


def _handled(act: Callable[[], object]) -> Callable[..., bool]:
    def run(*_args: object) -> bool:
        act()
        return True

    return run


def _find(root: Gtk.Widget, key: str) -> Gtk.Widget | None:
    child = root.get_first_child()
    while child is not None:
        if child.get_name() == key:
            return child
        found = _find(child, key)
        if found is not None:
            return found
        child = child.get_next_sibling()
    return None
