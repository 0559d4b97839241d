"""Pure aggregation: a page's reading + the user's scope -> provider status -> overall."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypeVar

from trayapp.core.i18n import _, ngettext
from trayapp.core.model import (
    Alternative,
    Component,
    FailureKind,
    Incident,
    ProviderSpec,
    ProviderStatus,
    Reading,
    Reason,
    Snapshot,
    State,
)
from trayapp.core.text import clean_line
from trayapp.core.timefmt import number
from trayapp.core.urls import without_userinfo

ERROR_LIMIT = 300
# What one provider keeps for display (the state is ranked over everything on the page): a
# page with thousands of incidents must not make a menu of thousands of entries.
MAX_COMPONENTS = 60
MAX_INCIDENTS = 20
MAX_MAINTENANCES = 10
MAX_ALTERNATIVES = 3  # suggestions per unhealthy provider; all of them were N² memory
MAX_AFFECTED = 500  # an incident naming more components than this concerns the whole page


def worst(states: Iterable[State]) -> State:
    """The most severe known state; unknown wins over anything milder than degraded.

    A page that is partly unreadable can still tell us something is wrong, but it can never
    tell us that everything is fine.
    """
    every = list(states)
    ranked = [s for s in every if s.is_known]
    if not ranked:
        return State.UNKNOWN
    top = max(ranked, key=lambda s: s.severity)
    if len(ranked) < len(every) and top.severity < State.DEGRADED.severity:
        return State.UNKNOWN
    return top


def _norm(name: str) -> str:
    return " ".join(name.casefold().split())


def _touches(affected: Sequence[str], names: set[str]) -> bool:
    if not affected or len(affected) > MAX_AFFECTED:
        # Not tied to components, or tied to so many: it concerns the whole provider.
        return True
    return any(_norm(a) in names for a in affected)


def provider_status(spec: ProviderSpec, reading: Reading, checked_at: datetime) -> ProviderStatus:
    """Apply the user's component scope to a page's reading and rank the result.

    States are ranked over everything on the page; only what is kept for display is capped.
    """
    notes: list[str] = []
    if spec.components:
        targets = {_norm(w): w for w in spec.components}
        watched = tuple(c for c in reading.components if _matched(c, targets))
        found = {key for c in watched for key in _keys(c)}
        missing = [name for key, name in targets.items() if key not in found]
        states = [c.state for c in watched]
        if missing and spec.own_components:
            # The user asked for it by name: without it we cannot say it is fine.
            notes.append(_("not on the page: {names}").format(names=", ".join(missing)))
            states.append(State.UNKNOWN)
        elif missing:
            # A catalogue default the page dropped: the catalogue needs fixing, not the icon.
            notes.append(
                _("no longer on the page (ignored): {names}").format(names=", ".join(missing))
            )
        # The page's indicator summarises every component, watched or not, so it only counts
        # when the user watches the whole page.
        if not watched:
            states = [State.UNKNOWN]
    else:
        watched = reading.components
        states = [c.state for c in watched]
        if reading.indicator is not None:
            states.append(reading.indicator)
    # The page itself may leave its state in doubt, for a reason of its own (an undated item
    # that states a problem), while saying the state of all that is watched.
    doubted = (
        not spec.components
        and reading.indicator is State.UNKNOWN
        and all(c.state.is_known for c in watched)
    )

    names = {_norm(c.name) for c in watched}
    scoped = not spec.components
    incidents = tuple(i for i in reading.incidents if scoped or _touches(i.components, names))
    states.extend(i.impact for i in incidents)
    maintenances = tuple(m for m in reading.maintenances if scoped or _touches(m.components, names))
    states.extend(State.MAINTENANCE for m in maintenances if m.in_progress)

    unreadable = [c.name for c in watched if not c.state.is_known]
    if unreadable:
        notes.append(_("unreadable status for: {names}").format(names=", ".join(unreadable[:10])))
    # No indicator and no components: the page told us nothing, which is not "all clear".
    state = worst(states)
    shown_components = _capped(
        sorted(watched, key=lambda c: not (c.state.is_problem or not c.state.is_known))
        if len(watched) > MAX_COMPONENTS
        else watched,
        MAX_COMPONENTS,
        more_components,
        notes,
    )
    shown_incidents = _capped(
        _by_severity(incidents),
        MAX_INCIDENTS,
        lambda n: ngettext("…and {n} more incident", "…and {n} more incidents", n),
        notes,
    )
    shown_maintenances = _capped(
        maintenances,
        MAX_MAINTENANCES,
        lambda n: ngettext("…and {n} more maintenance", "…and {n} more maintenances", n),
        notes,
    )
    clean_notes = tuple(clean_line(n, ERROR_LIMIT) for n in notes)
    problems = [n for n in clean_notes if not n.startswith("…")]
    reason = None
    if not state.is_known:
        # Read, but the page did not tell the state of what is watched, or left it in doubt.
        reason = (reading.reason if doubted else None) or Reason.BROKEN
    return ProviderStatus(
        id=spec.id,
        name=spec.name,
        state=state,
        checked_at=checked_at,
        status_page=spec.status_page,
        chat_url=spec.chat_url,
        components=shown_components,
        incidents=tuple(replace(i, url=without_userinfo(i.url)) for i in shown_incidents),
        maintenances=tuple(replace(m, url=without_userinfo(m.url)) for m in shown_maintenances),
        updated_at=reading.updated_at,
        error="; ".join(problems) if problems else None,
        data_as_of=checked_at,
        notes=clean_notes,
        source_type=spec.type,
        other_incidents=len(reading.incidents) - len(incidents),
        components_left=len(watched) - len(shown_components),
        incidents_left=len(incidents) - len(shown_incidents),
        maintenances_left=len(maintenances) - len(shown_maintenances),
        reason=reason,
        read_from=reading.read_from,
    )


def more_components(count: int) -> str:
    """The remark for components left out, with ``{n}`` still to fill in."""
    return ngettext("…and {n} more component", "…and {n} more components", count)


def _keys(component: Component) -> tuple[str, ...]:
    keys = (_norm(component.name), _norm(component.name.split(" (", 1)[0]))
    return (*keys, _norm(component.group)) if component.group is not None else keys


def _matched(component: Component, targets: dict[str, str]) -> bool:
    return any(key in targets for key in _keys(component))


T = TypeVar("T")


def _capped(
    items: Sequence[T], limit: int, remark: Callable[[int], str], notes: list[str]
) -> tuple[T, ...]:
    """The first ``limit`` items; a remark such as "…and 4,980 more incidents" for the rest."""
    if len(items) <= limit:
        return tuple(items)
    more = len(items) - limit
    notes.append(remark(more).format(n=number(more)))
    return tuple(items[:limit])


def _by_severity(incidents: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(sorted(incidents, key=lambda i: -i.impact.severity))


def failed_status(
    spec: ProviderSpec,
    error: str,
    failure: FailureKind,
    checked_at: datetime,
    previous: ProviderStatus | None = None,
    stale_after: timedelta | None = None,
    age: float | None = None,
    reason: Reason | None = None,
) -> ProviderStatus:
    """A provider whose page could not be read this time.

    Recent good data is kept (a single failed poll is not news), marked with the error; once it
    is older than ``stale_after`` the provider becomes unknown. ``age`` is how old the data is
    in seconds, measured on a monotonic clock; without it the wall-clock difference is used.
    A negative age (the clock went back) is stale, never fresh. ``reason`` says why, in the
    terms of ``core/reasons.py``.
    """
    error = clean_line(error, ERROR_LIMIT)
    if (
        previous is not None
        and previous.state.is_known
        and previous.data_as_of is not None
        and stale_after is not None
        and 0 <= _age(age, checked_at, previous.data_as_of) <= stale_after.total_seconds()
    ):
        return replace(previous, checked_at=checked_at, error=error, failure=failure, reason=reason)
    return ProviderStatus(
        id=spec.id,
        name=spec.name,
        state=State.UNKNOWN,
        checked_at=checked_at,
        status_page=spec.status_page,
        chat_url=spec.chat_url,
        error=error,
        failure=failure,
        data_as_of=previous.data_as_of if previous else None,
        reason=reason,
    )


def _age(age: float | None, now: datetime, data_as_of: datetime) -> float:
    if age is not None:
        return age
    try:
        return (now - data_as_of).total_seconds()
    except OverflowError:
        return math.inf


def overall_state(providers: Sequence[ProviderStatus]) -> State:
    """Worst known state; ``offline`` when nothing answered at the network level at all."""
    known = [p.state for p in providers if p.state.is_known]
    if known:
        return max(known, key=lambda s: s.severity)
    if providers and all(p.failure is FailureKind.NETWORK for p in providers):
        return State.OFFLINE
    return State.UNKNOWN


def alternatives_for(
    provider: ProviderStatus, providers: Sequence[ProviderStatus]
) -> tuple[Alternative, ...]:
    """Operational providers with a chat URL, other than ``provider``, best first.

    Best = no open incidents or maintenance at all, then the user's own order.
    """
    candidates = [
        p for p in providers if p.id != provider.id and p.chat_url and p.state is State.OPERATIONAL
    ]
    candidates.sort(key=lambda p: bool(p.incidents or p.maintenances))
    return tuple(
        Alternative(p.id, p.name, p.chat_url or "", p.state) for p in candidates[:MAX_ALTERNATIVES]
    )


def build_snapshot(providers: Sequence[ProviderStatus], now: datetime) -> Snapshot:
    """Combine provider statuses into one snapshot, attaching alternatives where needed.

    When nothing answered at all, every provider is unknown for the same reason: the network.
    """
    with_alts = tuple(
        p
        if p.state is State.OPERATIONAL
        else replace(p, alternatives=alternatives_for(p, providers))
        for p in providers
    )
    overall = overall_state(with_alts)
    if overall is State.OFFLINE:
        with_alts = tuple(replace(p, reason=Reason.OFFLINE) for p in with_alts)
    return Snapshot(overall=overall, checked_at=now, providers=with_alts)


def usable_alternatives(snapshot: Snapshot) -> tuple[Alternative, ...]:
    """Every operational provider with a chat URL, best first (for "Use instead")."""
    sentinel = ProviderStatus(id="", name="", state=State.UNKNOWN, checked_at=None, status_page="")
    return alternatives_for(sentinel, snapshot.providers)
