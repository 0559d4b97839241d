"""Pure aggregation: a page's reading + the user's scope -> provider status -> overall."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from trayapp.core.model import (
    Alternative,
    Component,
    FailureKind,
    Incident,
    ProviderSpec,
    ProviderStatus,
    Reading,
    Snapshot,
    State,
)


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


def component_matches(watched: str, component: Component) -> bool:
    """A watched name matches a component's name, its name without a "(host)" suffix, or group.

    Pages decorate names ("Claude API (api.anthropic.com)") and rename hosts; matching the
    stem keeps the catalogue short and stable.
    """
    target = _norm(watched)
    name = _norm(component.name)
    stem = _norm(component.name.split(" (", 1)[0])
    return target in (name, stem) or (
        component.group is not None and target == _norm(component.group)
    )


def _touches(affected: Sequence[str], watched: Sequence[Component]) -> bool:
    if not affected:
        return True  # not tied to components: it concerns the whole provider
    names = {_norm(c.name) for c in watched}
    return any(_norm(a) in names for a in affected)


def provider_status(spec: ProviderSpec, reading: Reading, checked_at: datetime) -> ProviderStatus:
    """Apply the user's component scope to a page's reading and rank the result."""
    notes: list[str] = []
    if spec.components:
        watched = tuple(
            c for c in reading.components if any(component_matches(w, c) for w in spec.components)
        )
        missing = [
            w
            for w in spec.components
            if not any(component_matches(w, c) for c in reading.components)
        ]
        if missing:
            notes.append("not on the page: " + ", ".join(missing))
        # The page's indicator summarises every component, watched or not, so it only counts
        # when the user watches the whole page.
        states = [c.state for c in watched]
        if not watched:
            states = [State.UNKNOWN]
    else:
        watched = reading.components
        states = [c.state for c in watched]
        if reading.indicator is not None:
            states.append(reading.indicator)

    incidents = tuple(i for i in reading.incidents if _scoped(i.components, spec, watched))
    states.extend(i.impact for i in incidents)
    maintenances = tuple(m for m in reading.maintenances if _scoped(m.components, spec, watched))
    states.extend(State.MAINTENANCE for m in maintenances if m.in_progress)

    unreadable = [c.name for c in watched if not c.state.is_known]
    if unreadable:
        notes.append("unreadable status for: " + ", ".join(unreadable))
    # No indicator and no components: the page told us nothing, which is not "all clear".
    state = worst(states)
    return ProviderStatus(
        id=spec.id,
        name=spec.name,
        state=state,
        checked_at=checked_at,
        status_page=spec.status_page,
        chat_url=spec.chat_url,
        components=watched,
        incidents=_by_severity(incidents),
        maintenances=maintenances,
        updated_at=reading.updated_at,
        error="; ".join(notes) if notes else None,
        data_as_of=checked_at,
        source_type=spec.type,
        other_incidents=len(reading.incidents) - len(incidents),
    )


def _scoped(affected: Sequence[str], spec: ProviderSpec, watched: Sequence[Component]) -> bool:
    return not spec.components or _touches(affected, watched)


def _by_severity(incidents: Iterable[Incident]) -> tuple[Incident, ...]:
    return tuple(sorted(incidents, key=lambda i: -i.impact.severity))


def failed_status(
    spec: ProviderSpec,
    error: str,
    failure: FailureKind,
    checked_at: datetime,
    previous: ProviderStatus | None = None,
    stale_after: timedelta | None = None,
) -> ProviderStatus:
    """A provider whose page could not be read this time.

    Recent good data is kept (a single failed poll is not news), marked with the error; once it
    is older than ``stale_after`` the provider becomes unknown.
    """
    if (
        previous is not None
        and previous.state.is_known
        and previous.data_as_of is not None
        and stale_after is not None
        and checked_at - previous.data_as_of <= stale_after
    ):
        return replace(previous, checked_at=checked_at, error=error, failure=failure)
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
    )


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
    return tuple(Alternative(p.id, p.name, p.chat_url or "", p.state) for p in candidates)


def build_snapshot(providers: Sequence[ProviderStatus], now: datetime) -> Snapshot:
    """Combine provider statuses into one snapshot, attaching alternatives where needed."""
    with_alts = tuple(
        p
        if p.state is State.OPERATIONAL
        else replace(p, alternatives=alternatives_for(p, providers))
        for p in providers
    )
    return Snapshot(overall=overall_state(with_alts), checked_at=now, providers=with_alts)


def usable_alternatives(snapshot: Snapshot) -> tuple[Alternative, ...]:
    """Every operational provider with a chat URL, best first (for "Use instead")."""
    sentinel = ProviderStatus(id="", name="", state=State.UNKNOWN, checked_at=None, status_page="")
    return alternatives_for(sentinel, snapshot.providers)
