"""One-line summaries of a snapshot for the tooltip and the menu header."""

from __future__ import annotations

from datetime import datetime

from trayapp.core.i18n import _, ngettext
from trayapp.core.model import Snapshot, State
from trayapp.core.reasons import state_label
from trayapp.core.text import cut
from trayapp.core.timefmt import clock_with_zone

# One glyph per state, echoing the icon's shapes (views/icon.py): check, wrench/gear, the
# triangle, the diamond, the cross of the octagon, "?", and offline's struck-through circle.
SYMBOLS = {
    State.OPERATIONAL: "✔",
    State.MAINTENANCE: "⚙",
    State.DEGRADED: "▲",
    State.PARTIAL_OUTAGE: "◆",
    State.MAJOR_OUTAGE: "✖",
    State.UNKNOWN: "?",
    State.OFFLINE: "⊘",
}
# Windows cuts tray tooltips at 127 characters; the same limit reads well everywhere.
TOOLTIP_LIMIT = 127


def tooltip(snapshot: Snapshot | None, limit: int = TOOLTIP_LIMIT) -> str:
    """``ChatGPT: major outage · Claude: operational · Gemini: unknown``: worst first; counts
    replace names when that is too long for the platform's limit."""
    if snapshot is None:
        return _("AI Status Tray: checking…")
    if snapshot.overall is State.OFFLINE:
        return _("AI Status Tray: offline — no status page can be reached")
    known = sorted(
        (p for p in snapshot.providers if p.state.is_known),
        key=lambda p: -p.state.severity,
    )
    parts = [_named(p.name, p.state.label) for p in known]
    # Unknown providers by name and why ("Claude: unknown (blocked)"): a bare "1 unknown" says
    # nothing of which.
    parts += [_named(p.name, state_label(p)) for p in snapshot.providers if not p.state.is_known]
    text = " · ".join(parts)
    if len(text) <= limit:
        return text
    # Too long: name the problems, count the rest.
    problems = [p for p in known if p.state.is_problem]
    fine = sum(1 for p in known if p.state is State.OPERATIONAL)
    in_maintenance = sum(1 for p in known if p.state is State.MAINTENANCE)
    parts = [_named(p.name, p.state.label) for p in problems]
    if fine:
        parts.append(
            ngettext("{count} operational", "{count} operational", fine).format(count=fine)
        )
    if in_maintenance:
        parts.append(_("{count} in maintenance").format(count=in_maintenance))
    if snapshot.unknown_count:
        parts.append(_unknown(snapshot.unknown_count))
    return cut(" · ".join(parts), limit)


def header(snapshot: Snapshot | None, now: datetime) -> str:
    """``Major outage — checked 14:05 WIB``.

    An absolute time: a relative one ("2 min ago") would change the menu on a timer, and every
    menu change costs the tray host work (and closed an open menu on some)."""
    if snapshot is None:
        return _("Checking status pages…")
    label = snapshot.overall.label.capitalize()
    if snapshot.overall is State.OFFLINE:
        label = _("Offline — no status page reachable")
    elif snapshot.unknown_count and snapshot.overall.is_known:
        label += f" ({_unknown(snapshot.unknown_count)})"
    checked = clock_with_zone(snapshot.checked_at, now)
    return _("{state} — checked {time}").format(state=label, time=checked)


def _named(name: str, state: str) -> str:
    return _("{name}: {state}").format(name=name, state=state)


def _unknown(count: int) -> str:
    return ngettext("{count} unknown", "{count} unknown", count).format(count=count)
