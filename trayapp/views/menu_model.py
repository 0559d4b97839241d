"""The tray menu as plain data: built from a snapshot, rendered by the tray shell.

Keeping the menu a pure tree of entries and actions makes it testable without a desktop and
keeps pystray at the edge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from trayapp.core.aggregate import usable_alternatives
from trayapp.core.history import ProviderHistory
from trayapp.core.i18n import _, ngettext
from trayapp.core.identity import APP_NAME
from trayapp.core.incident_words import incident_status
from trayapp.core.model import Incident, Maintenance, ProviderStatus, Snapshot
from trayapp.core.reasons import state_label
from trayapp.core.text import clean_text, safe_link
from trayapp.core.timefmt import clock_with_zone, duration, local, number, zone_name
from trayapp.views.history import last_outage_text, troubled, uptime_text
from trayapp.views.menu_cap import Group, fit
from trayapp.views.summary import SYMBOLS, header

MAX_COMPONENTS = 15
MAX_PROVIDERS = 40  # a menu taller than the screen is useless; the details page lists them all
MAX_NOTES = 4  # remarks per provider in the menu (the details page lists them all)
TEXT_LIMIT = 80
MIN_TITLE = 10  # what is left of a page's title when the time and duration need the room
STATUS_LIMIT = 20  # an incident's status word (a page's own word may be longer)


@dataclass(frozen=True)
class Action:
    """What a menu entry does; ``arg`` is a URL, provider id or time as the verb needs."""

    # open_url, toggle_mute, refresh, pause, resume, autostart, settings, details, about, quit
    verb: str
    arg: str | None = None


@dataclass(frozen=True)
class Entry:
    text: str
    action: Action | None = None
    children: tuple[Entry, ...] = ()
    checked: bool | None = None
    enabled: bool = True
    default: bool = False


SEPARATOR = Entry("-")


@dataclass(frozen=True)
class MenuState:
    """What the menu shows besides the snapshot: the user's choices."""

    muted: frozenset[str] = frozenset()
    muted_in_settings: frozenset[str] = frozenset()  # the config file's list: not a menu toggle
    paused_until: datetime | None = None
    autostart: bool = False
    poller_error: str | None = None
    history: Mapping[str, ProviderHistory] = field(default_factory=dict)  # by provider id
    config_error: str | None = None  # the settings file's problem; the last good one runs
    data_saver: str | None = None  # "Data saver on (metered connection): checking every 5 min"


def build(snapshot: Snapshot | None, state: MenuState, now: datetime) -> tuple[Entry, ...]:
    # "Show details…" comes first: on AppIndicator hosts that open the menu on a left click, the
    # page is then one more click away, where it would be on XEmbed, Windows and macOS.
    entries: list[Entry] = [
        Entry(_("Show details…"), Action("details"), default=True),
        Entry(header(snapshot, now), enabled=False),
    ]
    if state.poller_error:
        entries.append(Entry(clean_text(state.poller_error, TEXT_LIMIT), enabled=False))
    if state.data_saver:
        entries.append(Entry(clean_text(state.data_saver, TEXT_LIMIT), enabled=False))
    if state.config_error:
        # Menus have no colours on most hosts: the red sign says it.
        problem = clean_text(state.config_error, TEXT_LIMIT * 4)
        if len(problem) > TEXT_LIMIT:  # the end says what is wrong; the start is the path
            problem = "…" + problem[-(TEXT_LIMIT - 1) :]
        # ⚠ is in the fonts panels use (⛔ showed as a box on xfce4-panel with DejaVu).
        entries.append(Entry("⚠ " + _("Settings not applied — open settings"), Action("settings")))
        entries.append(Entry("    " + problem, enabled=False))
    entries.append(SEPARATOR)
    if snapshot is not None:
        shown = snapshot.providers[:MAX_PROVIDERS]
        entries += [_provider(p, state, now) for p in shown]
        if len(snapshot.providers) > len(shown):
            more = len(snapshot.providers) - len(shown)
            entries.append(Entry(_more_details(more), Action("details")))
        entries.append(SEPARATOR)
        entries.append(_use_instead(snapshot))
        entries.append(SEPARATOR)
    entries += [
        Entry(_("Refresh now"), Action("refresh")),
        _pause(state, now),
        Entry(_("Start at login"), Action("autostart"), checked=state.autostart),
        Entry(_("Settings…"), Action("settings")),
        Entry(_("About {app}").format(app=APP_NAME), Action("about")),
        SEPARATOR,
        Entry(_("Quit"), Action("quit")),
    ]
    return tuple(entries)


def _provider(p: ProviderStatus, state: MenuState, now: datetime) -> Entry:
    head: list[Entry] = []
    # "…and 1 more" would take the line the last one needs: then it is shown instead.
    listed = len(p.components) if len(p.components) == MAX_COMPONENTS + 1 else MAX_COMPONENTS
    for component in p.components[:listed]:
        label = f"{SYMBOLS[component.state]} {component.name}: {component.state.label}"
        head.append(Entry(clean_text(label, TEXT_LIMIT), enabled=False))
    # One line for every component not listed: those past the menu's limit and those the core
    # already left out.
    hidden = max(0, len(p.components) - listed) + p.components_left
    if hidden:
        head.append(Entry(_more(hidden), Action("details", p.id)))
    body: list[Group[Entry]] = [Group((SEPARATOR,), 0)] if p.incidents else []
    for incident in p.incidents:
        link = safe_link(incident.url)
        lines = [
            Entry(
                _incident_line(incident, p, now),
                Action("open_url", link) if link else None,
                enabled=link is not None,
            )
        ]
        if incident.latest_update:
            update = "    " + clean_text(incident.latest_update, TEXT_LIMIT)
            lines.append(Entry(update, enabled=False))
        body.append(Group(tuple(lines)))
    if p.other_incidents:
        other = ngettext(
            "{count} incident on other components",
            "{count} incidents on other components",
            p.other_incidents,
        ).format(count=p.other_incidents)
        page = safe_link(p.status_page)
        entry = Entry(
            "ⓘ " + other, Action("open_url", page) if page else None, enabled=page is not None
        )
        body.append(Group((entry,), 0))
    for maintenance in p.maintenances:
        line = _fit(f"⚙ {maintenance.title}", _window(maintenance, now))
        body.append(Group((Entry(line, enabled=False),)))
    tail: list[Entry] = []
    if p.error:
        tail.append(SEPARATOR)
        tail.append(Entry(clean_text(f"⚠ {p.error}", TEXT_LIMIT), enabled=False))
    past = state.history.get(p.id)
    if past is not None:  # e.g. "7-day uptime 99.82 %", "last outage 3 d ago, 47 min"
        tail.append(SEPARATOR)
        tail.append(Entry(uptime_text(past.uptime[7], 7, troubled(past, 7)), enabled=False))
        # Counted to the last check, not to the clock: no timer may change the menu.
        checked = p.checked_at or now
        tail.append(Entry(last_outage_text(past, checked), enabled=False))
    # Notes: how the page was read (a detected move, a fallback URL, a missing document). What
    # the core left out ("…and 4 more incidents") is said once, by the "more" entry.
    notes = [n for n in p.remarks if n[:1] != "…"][:MAX_NOTES]
    tail += [Entry(clean_text(f"ℹ {n}", TEXT_LIMIT), enabled=False) for n in notes]
    tail.append(SEPARATOR)
    page = safe_link(p.status_page)
    tail.append(
        Entry(
            _("Open status page"),
            Action("open_url", page) if page else None,
            enabled=page is not None,
        )
    )
    if p.id in state.muted_in_settings:
        tail.append(Entry(_("Muted in settings"), checked=True, enabled=False))
    else:
        tail.append(
            Entry(_("Mute notifications"), Action("toggle_mute", p.id), checked=p.id in state.muted)
        )
    children = fit(
        head,
        body,
        tail,
        p.incidents_left + p.maintenances_left,
        lambda count: Entry(_more_details(count), Action("details", p.id)),
    )
    label = f"{SYMBOLS[p.state]} {p.name} — {state_label(p)}"
    return Entry(clean_text(label, TEXT_LIMIT), children=children)


def _incident_line(incident: Incident, p: ProviderStatus, now: datetime) -> str:
    """``Elevated errors on … (investigating, since 16:51 WIB (47 min))``."""
    status = clean_text(incident_status(incident.status), STATUS_LIMIT)
    return _fit(incident.title, f" ({status}{_since(incident.started_at, p, now)})")


def _fit(title: str, tail: str) -> str:
    """``title`` + ``tail`` within :data:`TEXT_LIMIT`: the title is cut, never the tail (the
    time and how long it has lasted are what the user most needs; in Indonesian they are
    longer). The tail is ours and bounded by its parts."""
    tail = " " + clean_text(tail, TEXT_LIMIT - MIN_TITLE - 1)  # clean_text strips the space
    return clean_text(title, max(TEXT_LIMIT - len(tail), MIN_TITLE)) + tail


def _since(started: datetime | None, p: ProviderStatus, now: datetime) -> str:
    """``, since 16:51 WIB (47 min)``; the duration is counted to the provider's check time, so
    the menu changes with polls, never on a timer."""
    if started is None:
        return ""
    until = p.checked_at.astimezone(now.tzinfo) if p.checked_at else now
    lasted = duration(max(until - started, timedelta(0)))
    when = clock_with_zone(started, now)
    return ", " + _("since {time} ({duration})").format(time=when, duration=lasted)


def _window(m: Maintenance, now: datetime) -> str:
    """`` (now, until 19:05 WIB)`` or `` (14:00–16:00 WIB)``: the zone once, after the end."""
    if m.ends_at is None:
        start = _("now") if m.in_progress else clock_with_zone(m.starts_at, now)
        return f" ({start})"
    end = clock_with_zone(m.ends_at, now)
    if m.in_progress:
        return " (" + _("now, until {time}").format(time=end) + ")"
    start = local(m.starts_at, now)
    if m.starts_at is not None and zone_name(m.starts_at, now.tzinfo) != zone_name(
        m.ends_at, now.tzinfo
    ):
        start = clock_with_zone(m.starts_at, now)  # a change of zone (DST) in between
    return f" ({start}–{end})"


def _use_instead(snapshot: Snapshot) -> Entry:
    alternatives = usable_alternatives(snapshot)
    if not alternatives:
        children: tuple[Entry, ...] = (
            Entry(_("No other chat service is fully up right now"), enabled=False),
        )
    else:
        children = tuple(
            Entry(f"{a.name}", Action("open_url", a.url)) for a in alternatives if safe_link(a.url)
        )
    return Entry(_("Use instead"), children=children)


def _pause(state: MenuState, now: datetime) -> Entry:
    paused = state.paused_until is not None and now < state.paused_until
    # The end time is resolved when the user clicks, not when the menu was built.
    children = [
        Entry(_("For 1 hour"), Action("pause", "1h")),
        Entry(_("Until tomorrow 08:00"), Action("pause", "tomorrow")),
        Entry(_("Resume"), Action("resume"), enabled=paused),
    ]
    label = (
        _("Notifications paused until {time}").format(time=clock_with_zone(state.paused_until, now))
        if paused
        else _("Pause notifications")
    )
    return Entry(label, children=tuple(children))


def _more(count: int) -> str:
    return ngettext("…and {count} more", "…and {count} more", count).format(count=number(count))


def _more_details(count: int) -> str:
    return _("…and {n} more (Show details…)").format(n=number(count))
