"""A provider's history on the details page: a bar of day cells, uptime, the last outages."""

from __future__ import annotations

import html
from datetime import datetime

from trayapp.core.history import WINDOWS, DayCell, Outage, ProviderHistory
from trayapp.core.i18n import _, ngettext
from trayapp.core.text import clean_text
from trayapp.core.timefmt import duration, local
from trayapp.views.history import observed_words, percent, shown_uptime, troubled

SHOWN_OUTAGES = 5
NARROW_DAYS = 30  # cells kept on a narrow window

HISTORY_CSS = """
.history { margin: 10px 0 6px; }
.bar { display: grid; grid-template-columns: repeat(var(--days), 1fr); gap: 2px; height: 28px; }
.bar span { border-radius: 2px; min-width: 2px; }
.bar .s-none { background: var(--line); }
.axis { display: flex; justify-content: space-between; color: var(--muted); font-size: 12px; }
.uptime { margin: 6px 0 0; font-variant-numeric: tabular-nums; }
.outages { color: var(--muted); margin: 4px 0 0; padding-left: 18px; }
.axis .narrow { display: none; }
@media (max-width: 560px) { .bar { --days: 30 !important; }
  .bar .old, .axis .wide { display: none; } .axis .narrow { display: inline; } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cause(outage: Outage) -> str:
    return clean_text(outage.incident, 120) if outage.incident else ""


def _tooltip(cell: DayCell, now: datetime) -> str:
    lines = [cell.day.isoformat()]
    if cell.observed_s:
        lines.append(_("worst: {state}").format(state=cell.worst.label))
    else:
        lines.append(_("nothing observed"))
    count = len(cell.outages)
    if count:
        lines.append(ngettext("{n} outage", "{n} outages", count).format(n=count))
        lines += [
            f"· {duration(o.duration(now))} {o.state.label}"
            + (f": {_cause(o)}" if o.incident else "")
            for o in cell.outages[:3]
        ]
    lines.append(_("observed {share:.0f} % of the day").format(share=cell.observed_share))
    return "\n".join(lines)


def _cell(cell: DayCell, index: int, total: int, now: datetime) -> str:
    seen = cell.observed_s > 0 or cell.outages
    classes = [f"s-{cell.worst.value}" if seen else "s-none"]
    if index < total - NARROW_DAYS:
        classes.append("old")
    return f'<span class="{" ".join(classes)}" title="{_e(_tooltip(cell, now))}"></span>'


def _outage(outage: Outage, now: datetime) -> str:
    lasted = duration(outage.duration(now))
    if outage.ended_at is None:
        when = _("since {start}, {duration} so far").format(
            start=local(outage.started_at, now), duration=lasted
        )
    else:
        when = f"{local(outage.started_at, now)} · {lasted}"
    cause = f" — {_cause(outage)}" if outage.incident else ""
    return f"<li>{_e(when)} · {_e(outage.state.label)}{_e(cause)}</li>"


def history_block(past: ProviderHistory, now: datetime) -> str:
    """The block for one provider; every text from a status page is escaped."""
    total = len(past.days)
    cells = "".join(_cell(c, i, total, now) for i, c in enumerate(past.days))
    figures = " · ".join(
        ngettext("{days} d", "{days} d", n).format(days=n)
        + " "
        + percent(shown_uptime(past.uptime[n]), troubled(past, n))
        for n in WINDOWS
    )
    label = _e(_("Daily status, last {n} days").format(n=total))
    first = _e(_("{n} days ago").format(n=total))
    first_narrow = _e(_("{n} days ago").format(n=min(total, NARROW_DAYS)))
    today = _e(_("today"))
    uptime = _e(_("Uptime"))
    longest = max(WINDOWS)
    seen = _e(observed_words(past.uptime[longest], longest))
    parts = [
        '<div class="history">',
        f'<div class="bar" style="--days:{total}" role="img" aria-label="{label}">{cells}</div>',
        f'<div class="axis"><span class="wide">{first}</span>'
        f'<span class="narrow">{first_narrow}</span><span>{today}</span></div>',
        f'<p class="uptime">{uptime}: {_e(figures)} — {seen}</p>',
    ]
    if past.outages:
        parts.append('<ul class="outages">')
        parts += [_outage(o, now) for o in past.outages[:SHOWN_OUTAGES]]
        parts.append("</ul>")
    else:
        parts.append('<p class="outages">' + _e(_("No outage recorded.")) + "</p>")
    parts.append("</div>")
    return "\n".join(parts)
