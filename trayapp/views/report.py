"""Snapshots as text for terminals and as JSON for scripts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from trayapp.core.i18n import _
from trayapp.core.incident_words import incident_status
from trayapp.core.model import ProviderStatus, Snapshot, State
from trayapp.core.reasons import state_label
from trayapp.core.text import cut
from trayapp.core.timefmt import ago, clock_with_zone, duration
from trayapp.core.urls import redact
from trayapp.views.summary import SYMBOLS, overall_words

# The monitoring-plugin convention: OK, WARNING, CRITICAL, UNKNOWN.
EXIT_CODES = {
    State.OPERATIONAL: 0,
    State.MAINTENANCE: 0,
    State.DEGRADED: 1,
    State.PARTIAL_OUTAGE: 1,
    State.MAJOR_OUTAGE: 2,
    State.UNKNOWN: 3,
    State.OFFLINE: 3,
}


def exit_code(snapshot: Snapshot) -> int:
    """The overall state's code; "all clear" with unreadable providers is not all clear (3)."""
    code = EXIT_CODES[snapshot.overall]
    if code == 0 and snapshot.unknown_count:
        return 3
    return code


def overall_text(snapshot: Snapshot) -> str:
    text = overall_words(snapshot.overall, snapshot.unknown_count, len(snapshot.providers))
    if snapshot.overall is State.OFFLINE:
        text += _(" — no status page could be reached; check your network")
    return text


def to_json(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "overall": snapshot.overall.value,
        "checked_at": _iso(snapshot.checked_at),
        "unknown": snapshot.unknown_count,
        # The worst state of the providers that could be read (null: none could); "overall" is
        # "unknown" while one is unknown and none of these has a problem.
        "worst_known": snapshot.worst_known.value if snapshot.worst_known else None,
        "providers": [_provider_json(p) for p in snapshot.providers],
    }


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def _provider_json(p: ProviderStatus) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "state": p.state.value,
        "components": [
            {"name": c.name, "state": c.state.value, "group": c.group} for c in p.components
        ],
        "incidents": [
            {
                "title": i.title,
                "impact": i.impact.value,
                "status": i.status,
                "url": i.url,
                "started_at": _iso(i.started_at),
                "latest_update": i.latest_update,
            }
            for i in p.incidents
        ],
        "maintenances": [
            {
                "title": m.title,
                "status": m.status,
                "starts_at": _iso(m.starts_at),
                "ends_at": _iso(m.ends_at),
                "url": m.url,
            }
            for m in p.maintenances
        ],
        "error": p.error,
        "notes": list(p.notes),
        "type": p.source_type,
        "status_page": p.status_page,
        "checked_at": _iso(p.checked_at),
        "updated_at": _iso(p.updated_at),
        "alternatives": [
            {"id": a.id, "name": a.name, "url": a.url, "state": a.state.value}
            for a in p.alternatives
        ],
        "unconfirmed": p.unconfirmed,
        "probe": _probe_json(p),
        # Why it is unknown (null while known): offline, unreachable, blocked, broken, slow,
        # undated.
        "reason": p.unknown_reason.value if p.unknown_reason else None,
        # The fallback URL's host the page was read from (null: from status_page itself).
        "read_from": p.read_from,
    }


def _probe_json(p: ProviderStatus) -> dict[str, Any] | None:
    probe = p.probe
    if probe is None:
        return None
    return {
        "url": redact(probe.url),
        "ok": probe.ok,
        "detail": probe.detail,
        "failing_since": _iso(probe.failing_since),
    }


def table(snapshot: Snapshot, now: datetime, width: int = 100) -> str:
    """A readable table: one row per provider, its main incident or error underneath.

    Times are in the zone of ``now`` with its name, so "since 16:51 WIB (47 min)" needs no
    arithmetic from the reader.
    """
    provider_title, state_title, details_title = _("PROVIDER"), _("STATE"), _("DETAILS")
    name_width = max([len(provider_title), *(len(p.name) for p in snapshot.providers)])
    states = [f"{SYMBOLS[p.state]} {state_label(p)}" for p in snapshot.providers]
    state_width = max([len(state_title), *(len(s) for s in states)])
    checked = _("checked {time}").format(time=clock_with_zone(snapshot.checked_at, now))
    lines = [
        _("Overall: {symbol} {state}").format(
            symbol=SYMBOLS[snapshot.overall], state=overall_text(snapshot)
        )
        + f"   ({checked})",
        "",
        f"  {provider_title:<{name_width}}  {state_title:<{state_width}}  {details_title}",
    ]
    detail_width = width - name_width - state_width - 6
    for p, state in zip(snapshot.providers, states, strict=True):
        lines.append(
            f"  {p.name:<{name_width}}  {state:<{state_width}}  {_detail(p, now, detail_width)}"
        )
        if p.alternatives:
            names = ", ".join(a.name for a in p.alternatives[:3])
            use = _("use instead: {names}").format(names=names)
            lines.append(f"  {'':<{name_width}}  {'':<{state_width}}  {use}")
        for note in p.remarks:  # how the page was read: a detected move, a missing document
            lines.append(
                f"  {'':<{name_width}}  {'':<{state_width}}  {cut(note, max(detail_width, 72))}"
            )
    return "\n".join(lines)


def _detail(p: ProviderStatus, now: datetime, width: int) -> str:
    incident = p.main_incident
    if incident is not None:
        text = f"{incident.title} — {incident_status(incident.status)}"
        if incident.started_at:
            # Cut the page's title, never the time: the time is what the reader needs.
            since = ", " + _("since {time} ({duration})").format(
                time=clock_with_zone(incident.started_at, now),
                duration=duration(now - incident.started_at),
            )
            room = max(width - len(since), 20)
            if len(text) > room:  # the page's status word goes before its title does
                text = incident.title
            return cut(text, room) + since
    elif p.error:
        text = p.error
        if p.failure is not None and p.state.is_known and p.data_as_of:
            text += _("; showing data from {ago}").format(ago=ago(p.data_as_of, now))
    elif any(m.in_progress for m in p.maintenances):
        text = next(m.title for m in p.maintenances if m.in_progress)
    elif p.maintenances:
        m = p.maintenances[0]
        text = _("scheduled: {title} ({time})").format(
            title=m.title, time=clock_with_zone(m.starts_at, now)
        )
    else:
        text = _("all watched components operational") if p.state is State.OPERATIONAL else ""
    return cut(text, max(width, 30))
