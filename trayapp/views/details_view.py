"""What the details window shows, as plain data: built from the tray's state, drawn by the window.

The tray builds it (:func:`build`) and sends it to the window as JSON
(:mod:`trayapp.views.details_json`); a window without a tray builds it from its own polling.
Every text from a status page is sanitised here, before it leaves the tray: the window shows
it as plain text and never as markup. Times stay times (the window formats them in the user's
zone and language); links are kept only when they are http(s).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from trayapp.core.aggregate import alternatives_for, usable_alternatives
from trayapp.core.history import ProviderHistory
from trayapp.core.model import Alternative, ProviderStatus, Snapshot, State
from trayapp.core.since import Track
from trayapp.core.text import clean_line, clean_text, safe_link

TITLE_LIMIT = 200
UPDATE_LIMIT = 600
NAME_LIMIT = 120
ERROR_LIMIT = 300
SHORT_DAYS = 7


@dataclass(frozen=True)
class Link:
    name: str
    url: str  # http(s) only


@dataclass(frozen=True)
class ComponentRow:
    name: str
    state: State


@dataclass(frozen=True)
class IncidentRow:
    title: str
    status: str
    impact: State
    started_at: datetime | None = None
    latest_update: str = ""
    url: str | None = None


@dataclass(frozen=True)
class MaintenanceRow:
    title: str
    in_progress: bool
    starts_at: datetime | None = None
    url: str | None = None


@dataclass(frozen=True)
class Uptime:
    """One bar: the worst state of each day (None: nothing observed), oldest first."""

    days: int
    uptime: float | None  # percent of the observed time
    observed: float  # percent of the window seen at all
    cells: tuple[State | None, ...] = ()


@dataclass(frozen=True)
class ProviderCard:
    id: str
    name: str
    state: State
    checked_at: datetime | None = None
    since: datetime | None = None
    since_exact: bool = False
    muted: bool = False  # notifications off for it, from the window or the menu
    muted_in_settings: bool = False  # the config file's list: changed there, not here
    unconfirmed: bool = False  # a problem only the API probe sees
    error: str | None = None
    notes: tuple[str, ...] = ()
    components: tuple[ComponentRow, ...] = ()
    components_left: int = 0
    incidents: tuple[IncidentRow, ...] = ()
    maintenances: tuple[MaintenanceRow, ...] = ()
    other_incidents: int = 0
    status_page: str | None = None
    alternatives: tuple[Link, ...] = ()  # up now, to use instead while this one is not
    uptime: tuple[Uptime, ...] = ()  # 7 and 90 days, when there is history
    outages: int = 0  # recorded in the last 90 days


@dataclass(frozen=True)
class DetailsView:
    """``overall`` None: no poll has landed yet (checking)."""

    overall: State | None
    checked_at: datetime | None = None
    providers: tuple[ProviderCard, ...] = ()
    up_now: tuple[Link, ...] = ()  # chat services up now, best first
    paused_until: datetime | None = None
    notifications: bool = True  # off in the config file
    problem: str | None = None  # the polling stopped, or the settings file did not validate


def build(
    snapshot: Snapshot | None,
    history: Mapping[str, ProviderHistory],
    tracks: Mapping[str, Track],
    muted: frozenset[str] = frozenset(),
    muted_in_settings: frozenset[str] = frozenset(),
    paused_until: datetime | None = None,
    notifications: bool = True,
    problem: str | None = None,
) -> DetailsView:
    """The view of ``snapshot``; ``tracks`` (from :mod:`trayapp.core.since`) say since when."""
    if snapshot is None:
        return DetailsView(
            None,
            paused_until=paused_until,
            notifications=notifications,
            problem=_problem(problem),
        )
    cards = tuple(
        _card(p, snapshot, history.get(p.id), tracks, muted, muted_in_settings)
        for p in snapshot.providers
    )
    return DetailsView(
        snapshot.overall,
        snapshot.checked_at,
        cards,
        up_now=_links(usable_alternatives(snapshot)),
        paused_until=paused_until,
        notifications=notifications,
        problem=_problem(problem),
    )


def _problem(text: str | None) -> str | None:
    return clean_line(text, ERROR_LIMIT) if text else None


def _links(alternatives: tuple[Alternative, ...]) -> tuple[Link, ...]:
    return tuple(
        Link(clean_text(a.name, NAME_LIMIT), link)
        for a in alternatives
        if (link := safe_link(a.url)) is not None
    )


def _card(
    p: ProviderStatus,
    snapshot: Snapshot,
    past: ProviderHistory | None,
    tracks: Mapping[str, Track],
    muted: frozenset[str],
    muted_in_settings: frozenset[str],
) -> ProviderCard:
    track = tracks.get(p.id)
    since = track.current if track is not None and track.current.state is p.state else None
    # Watched components first, and among them the ones with a problem.
    components = sorted(
        p.components, key=lambda c: not (c.state.is_problem or not c.state.is_known)
    )
    alternatives = () if p.state is State.OPERATIONAL else alternatives_for(p, snapshot.providers)
    return ProviderCard(
        id=p.id,
        name=clean_text(p.name, NAME_LIMIT),
        state=p.state,
        checked_at=p.checked_at,
        since=since.at if since else None,
        since_exact=since.exact if since else False,
        muted=p.id in muted or p.id in muted_in_settings,
        muted_in_settings=p.id in muted_in_settings,
        unconfirmed=p.unconfirmed,
        error=clean_line(p.error, ERROR_LIMIT) if p.error else None,
        notes=tuple(clean_line(n, ERROR_LIMIT) for n in p.remarks),
        components=tuple(ComponentRow(clean_text(c.name, NAME_LIMIT), c.state) for c in components),
        components_left=p.components_left,
        incidents=tuple(
            IncidentRow(
                title=clean_text(i.title, TITLE_LIMIT),
                status=clean_text(i.status, NAME_LIMIT),
                impact=i.impact,
                started_at=i.started_at,
                latest_update=clean_text(i.latest_update, UPDATE_LIMIT),
                url=safe_link(i.url),
            )
            for i in p.incidents
        ),
        maintenances=tuple(
            MaintenanceRow(
                clean_text(m.title, TITLE_LIMIT), m.in_progress, m.starts_at, safe_link(m.url)
            )
            for m in p.maintenances
        ),
        other_incidents=p.other_incidents,
        status_page=safe_link(p.status_page),
        alternatives=_links(alternatives),
        uptime=_uptime(past),
        outages=len(past.outages) if past is not None else 0,
    )


def _uptime(past: ProviderHistory | None) -> tuple[Uptime, ...]:
    if past is None or not past.days:
        return ()
    cells = tuple(c.worst if (c.observed_s > 0 or c.outages) else None for c in past.days)
    bars = []
    for days in (SHORT_DAYS, len(cells)):
        figures = past.uptime.get(days)
        bars.append(
            Uptime(
                days,
                figures.uptime if figures else None,
                figures.observed if figures else 0.0,
                cells[-days:],
            )
        )
    return tuple(bars)
