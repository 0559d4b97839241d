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
    """``ChatGPT: major outage · Gemini: unknown · Claude: operational``: ranked as the overall
    is (problems, then unknown, then the healthy: unknown is never outranked by green); counts
    replace names when that is too long for the platform's limit."""
    if snapshot is None:
        return _("AI Status Tray: checking…")
    if snapshot.overall is State.OFFLINE:
        return _("AI Status Tray: offline — no status page can be reached")
    known = sorted(
        (p for p in snapshot.providers if p.state.is_known),
        key=lambda p: -p.state.severity,
    )
    problems = [p for p in known if p.state.is_problem]
    parts = [_named(p.name, p.state.label) for p in problems]
    # Unknown providers by name and why ("Claude: unknown (blocked)"): a bare "1 unknown" says
    # nothing of which.
    parts += [_named(p.name, state_label(p)) for p in snapshot.providers if not p.state.is_known]
    parts += [_named(p.name, p.state.label) for p in known if not p.state.is_problem]
    text = " · ".join(parts)
    if len(text) <= limit:
        return text
    # Too long: name the problems, count the rest.
    fine = sum(1 for p in known if p.state is State.OPERATIONAL)
    in_maintenance = sum(1 for p in known if p.state is State.MAINTENANCE)
    parts = [_named(p.name, p.state.label) for p in problems]
    if snapshot.unknown_count:
        parts.append(_unknown(snapshot.unknown_count))
    if fine:
        parts.append(
            ngettext("{count} operational", "{count} operational", fine).format(count=fine)
        )
    if in_maintenance:
        parts.append(_("{count} in maintenance").format(count=in_maintenance))
    return cut(" · ".join(parts), limit)


def header(snapshot: Snapshot | None, now: datetime) -> str:
    """``Major outage — checked 14:05 WIB``.

    An absolute time: a relative one ("2 min ago") would change the menu on a timer, and every
    menu change costs the tray host work (and closed an open menu on some)."""
    if snapshot is None:
        return _("Checking status pages…")
    if snapshot.overall is State.OFFLINE:
        label = _("Offline — no status page reachable")
    else:
        words = overall_words(snapshot.overall, snapshot.unknown_count, len(snapshot.providers))
        label = capital(words)
    checked = clock_with_zone(snapshot.checked_at, now)
    return _("{state} — checked {time}").format(state=label, time=checked)


def overall_words(overall: State, unknown: int, total: int) -> str:
    """``major outage (2 of 5 unknown)``, ``unknown (4 of 5 could not be read)``: the overall
    state and how many providers it could not see, in the same words in every view.

    The overall is never green while a provider is unknown (:func:`~trayapp.core.aggregate.
    overall_state`), so a count beside a state always says how much of it is known.
    """
    note = unknown_note(overall, unknown, total)
    return _("{state} ({note})").format(state=overall.label, note=note) if note else overall.label


def unknown_note(overall: State, unknown: int, total: int) -> str:
    """``2 of 5 unknown`` beside a known problem, ``4 of 5 could not be read`` beside an
    unknown overall; empty when there is nothing to add."""
    if not unknown or overall is State.OFFLINE:
        return ""
    if overall.is_known:
        return _("{unknown} of {total} unknown").format(unknown=unknown, total=total)
    if unknown < total:
        return _("{unknown} of {total} could not be read").format(unknown=unknown, total=total)
    return ""


def capital(text: str) -> str:
    """``Unknown (4 of 5…)``: the first letter up, the rest as written."""
    return text[:1].upper() + text[1:]


def _named(name: str, state: str) -> str:
    return _("{name}: {state}").format(name=name, state=state)


def _unknown(count: int) -> str:
    return ngettext("{count} unknown", "{count} unknown", count).format(count=count)
