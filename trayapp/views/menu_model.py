"""The tray menu as plain data: built from a snapshot, rendered by the tray shell.

Keeping the menu a pure tree of entries and actions makes it testable without a desktop and
keeps pystray at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from trayapp.core.aggregate import usable_alternatives
from trayapp.core.identity import APP_NAME
from trayapp.core.model import ProviderStatus, Snapshot
from trayapp.core.text import clean_text, safe_link
from trayapp.core.timefmt import local
from trayapp.views.report import SYMBOLS
from trayapp.views.summary import header

MAX_COMPONENTS = 15
TEXT_LIMIT = 80


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


def build(snapshot: Snapshot | None, state: MenuState, now: datetime) -> tuple[Entry, ...]:
    entries: list[Entry] = [Entry(header(snapshot, now), enabled=False)]
    if state.poller_error:
        entries.append(Entry(clean_text(state.poller_error, TEXT_LIMIT), enabled=False))
    entries.append(SEPARATOR)
    if snapshot is not None:
        entries += [_provider(p, state, now) for p in snapshot.providers]
        entries.append(SEPARATOR)
        entries.append(_use_instead(snapshot))
        entries.append(SEPARATOR)
    entries += [
        Entry("Show details…", Action("details"), default=True),
        Entry("Refresh now", Action("refresh")),
        _pause(state, now),
        Entry("Start at login", Action("autostart"), checked=state.autostart),
        Entry("Open settings", Action("settings")),
        Entry(f"About {APP_NAME}", Action("about")),
        SEPARATOR,
        Entry("Quit", Action("quit")),
    ]
    return tuple(entries)


def _provider(p: ProviderStatus, state: MenuState, now: datetime) -> Entry:
    children: list[Entry] = []
    for component in p.components[:MAX_COMPONENTS]:
        label = f"{SYMBOLS[component.state]} {component.name}: {component.state.label}"
        children.append(Entry(clean_text(label, TEXT_LIMIT), enabled=False))
    if len(p.components) > MAX_COMPONENTS:
        children.append(Entry(f"…and {len(p.components) - MAX_COMPONENTS} more", enabled=False))
    if p.incidents:
        children.append(SEPARATOR)
    for incident in p.incidents:
        since = f", since {local(incident.started_at, now)}" if incident.started_at else ""
        link = safe_link(incident.url)
        children.append(
            Entry(
                clean_text(f"{incident.title} ({incident.status}{since})", TEXT_LIMIT),
                Action("open_url", link) if link else None,
                enabled=link is not None,
            )
        )
        if incident.latest_update:
            children.append(
                Entry("    " + clean_text(incident.latest_update, TEXT_LIMIT), enabled=False)
            )
    for maintenance in p.maintenances:
        when = "now" if maintenance.in_progress else local(maintenance.starts_at, now)
        children.append(
            Entry(clean_text(f"⚙ {maintenance.title} ({when})", TEXT_LIMIT), enabled=False)
        )
    if p.error:
        children.append(SEPARATOR)
        children.append(Entry(clean_text(f"⚠ {p.error}", TEXT_LIMIT), enabled=False))
    children.append(SEPARATOR)
    page = safe_link(p.status_page)
    children.append(
        Entry(
            "Open status page", Action("open_url", page) if page else None, enabled=page is not None
        )
    )
    if p.id in state.muted_in_settings:
        children.append(Entry("Muted in settings", checked=True, enabled=False))
    else:
        children.append(
            Entry("Mute notifications", Action("toggle_mute", p.id), checked=p.id in state.muted)
        )
    label = f"{SYMBOLS[p.state]} {p.name} — {p.state.label}"
    return Entry(clean_text(label, TEXT_LIMIT), children=tuple(children))


def _use_instead(snapshot: Snapshot) -> Entry:
    alternatives = usable_alternatives(snapshot)
    if not alternatives:
        children: tuple[Entry, ...] = (
            Entry("No other chat service is fully up right now", enabled=False),
        )
    else:
        children = tuple(
            Entry(f"{a.name}", Action("open_url", a.url)) for a in alternatives if safe_link(a.url)
        )
    return Entry("Use instead", children=children)


def _pause(state: MenuState, now: datetime) -> Entry:
    paused = state.paused_until is not None and now < state.paused_until
    # The end time is resolved when the user clicks, not when the menu was built.
    children = [
        Entry("For 1 hour", Action("pause", "1h")),
        Entry("Until tomorrow 08:00", Action("pause", "tomorrow")),
        Entry("Resume", Action("resume"), enabled=paused),
    ]
    label = (
        f"Notifications paused until {local(state.paused_until, now)}"
        if paused
        else "Pause notifications"
    )
    return Entry(label, children=tuple(children))
