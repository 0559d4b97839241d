"""History as text for terminals and the menu, and as JSON for scripts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from trayapp.core.history import DOWN, WINDOWS, Outage, ProviderHistory, Share
from trayapp.core.i18n import _, ngettext
from trayapp.core.model import State
from trayapp.core.text import clean_text, cut
from trayapp.core.timefmt import ago, duration, fixed, local, local_with_zone

MAX_LISTED = 10  # outages listed under a single provider's table


def percent(value: float | None, troubled: bool = False) -> str:
    """``99.82 %``, with two decimals everywhere; ``100 %`` only when no downtime at all was
    seen (``troubled``: an outage was seen, however briefly: one that began at the last poll
    weighs no time yet, and still reads ``99.99 %``); ``—`` for no data."""
    if value is None:
        return "—"
    if value >= 100.0 and not troubled:
        return "100 %"
    # In the language's decimal mark: "99.82 %" in English, "99,82 %" in Indonesian.
    return fixed(min(value, 99.99), 2) + " %"


def troubled(history: ProviderHistory, days: int) -> bool:
    """Whether one of the last ``days`` days saw downtime (a partial or major outage)."""
    return any(is_down(cell.worst) for cell in history.days[-days:])


def is_down(state: State | None) -> bool:
    """A state that counts as downtime (degraded does not: see :data:`DOWNTIME`)."""
    return state is not None and state.severity >= DOWN.severity


def shown_uptime(share: Share) -> float | None:
    """The uptime figure to show: none until enough was observed for it to mean something."""
    return share.uptime if share.enough else None


def uptime_text(share: Share, days: int, troubled: bool = False) -> str:
    """``7-day uptime 99.82 % (observed for 2 d 4 h of 7 days)``, in the menu and the details
    window: the same figure, the same decimals, and how much of the period it rests on."""
    if share.uptime is None:
        return _("{days}-day uptime: nothing observed").format(days=days)
    seen = observed_words(share, days)
    if not share.enough:
        return _("{days}-day uptime: not enough data yet ({observed})").format(
            days=days, observed=seen
        )
    uptime = percent(share.uptime, troubled)
    text = _("{days}-day uptime {uptime}").format(days=days, uptime=uptime)
    if share.observed < 99.5:
        text += f" ({seen})"
    return text


def observed_words(share: Share, days: int) -> str:
    """``observed for 2 h 5 min of 7 days``: what a figure rests on, as a duration."""
    return ngettext(
        "observed for {duration} of {days} day", "observed for {duration} of {days} days", days
    ).format(duration=duration(timedelta(seconds=share.observed_s)), days=days)


def last_outage_text(history: ProviderHistory, now: datetime) -> str:
    """``last outage 3 days ago, 47 min``, ``down for 12 min``, or ``no outage in 90 days``."""
    outage = history.last_outage
    if outage is None:
        if history.uptime[max(WINDOWS)].uptime is None:
            return _("no history yet")
        if not history.uptime[max(WINDOWS)].enough:
            return _("no outage seen yet")
        return _("no outage in {days} days").format(days=max(WINDOWS))
    lasted = duration(outage.duration(now))
    if outage.ended_at is None:
        return _("down for {duration}").format(duration=lasted)
    return _("last outage {ago}, {duration}").format(
        ago=coarse_ago(outage.ended_at, now), duration=lasted
    )


def coarse_ago(when: datetime, now: datetime) -> str:
    """``3 days ago``, ``5 h ago``, ``12 min ago``: one unit, for a short menu line."""
    span = now - when
    if span >= timedelta(days=1):
        days = span.days
        return ngettext("{n} day ago", "{n} days ago", days).format(n=days)
    if span >= timedelta(hours=1):
        return _("{n} h ago").format(n=int(span.total_seconds() // 3600))
    return ago(when, now)


def _iso(when: datetime | None, now: datetime) -> str | None:
    return when.astimezone(now.tzinfo).isoformat() if when else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def outage_json(outage: Outage, now: datetime) -> dict[str, Any]:
    return {
        "state": outage.state.value,
        "started_at": _iso(outage.started_at, now),
        "ended_at": _iso(outage.ended_at, now),
        "duration_s": int(outage.duration(now).total_seconds()),
        "incident": outage.incident,
    }


def to_json(histories: Sequence[ProviderHistory], now: datetime) -> dict[str, Any]:
    """The ``history --json`` document (keys and states in English, times ISO 8601)."""
    return {
        "generated_at": now.isoformat(),
        "providers": [
            {
                "id": h.id,
                "name": h.name,
                "uptime": {f"{n}d": _round(h.uptime[n].uptime) for n in WINDOWS},
                "observed": {f"{n}d": _round(h.uptime[n].observed) for n in WINDOWS},
                "days": [
                    {"date": c.day.isoformat(), "worst": c.worst.value, "observed_s": c.observed_s}
                    for c in h.days
                ],
                "outages": [outage_json(o, now) for o in h.outages],
            }
            for h in histories
        ],
    }


def _last(history: ProviderHistory, now: datetime) -> str:
    outage = history.last_outage
    if outage is None:
        return _("none")
    lasted = duration(outage.duration(now))
    if outage.ended_at is None:
        return _("ongoing, {duration} so far").format(duration=lasted)
    return _("{ago} ({duration})").format(ago=ago(outage.ended_at, now), duration=lasted)


def _longest(history: ProviderHistory, now: datetime) -> str:
    longest = max((o.duration(now) for o in history.outages), default=None)
    return duration(longest) if longest is not None else "—"


def table(histories: Sequence[ProviderHistory], now: datetime, days: int) -> str:
    """Provider, uptime over 1/7/30/90 days, observed share, outages, longest, last."""
    name_w = max([8, *(len(h.name) for h in histories)])
    provider, observed_title = _("PROVIDER"), _("OBSERVED")
    outages, longest_title, last = _("OUTAGES"), _("LONGEST"), _("LAST")
    windows = " ".join(_("{days}D").format(days=n).rjust(8) for n in WINDOWS)
    longest_texts = [_longest(h, now) for h in histories]
    # Translated titles and durations are longer ("kurang dari semenit"): columns follow them.
    obs_w, out_w = max(8, len(observed_title)), max(7, len(outages))
    long_w = max([12, len(longest_title), *(len(t) for t in longest_texts)])
    lines = [
        _("History of the last {days} days, as of {now}.").format(
            days=days, now=local_with_zone(now, now.tzinfo)
        ),
        _("Uptime counts observed time only; OBSERVED is the share of 90 days seen at all."),
        "",
        f"  {provider:<{name_w}}  {windows}  "
        f"{observed_title:>{obs_w}}  {outages:>{out_w}}  {longest_title:<{long_w}} {last}",
    ]
    for h, longest_text in zip(histories, longest_texts, strict=True):
        cells = " ".join(
            f"{percent(shown_uptime(h.uptime[n]), troubled(h, n)):>8}" for n in WINDOWS
        )
        observed = f"{h.uptime[max(WINDOWS)].observed:.0f} %"
        lines.append(
            f"  {cut(h.name, name_w):<{name_w}}  {cells}  {observed:>{obs_w}}  "
            f"{len(h.outages):>{out_w}}  {longest_text:<{long_w}} {_last(h, now)}"
        )
    if any(
        h.uptime[n].uptime is not None and not h.uptime[n].enough
        for h in histories
        for n in WINDOWS
    ):
        lines += ["", _("— : less than an hour observed, too little for a figure.")]
    if len(histories) == 1 and histories[0].outages:
        lines += ["", _("Outages, newest first:")]
        for outage in histories[0].outages[:MAX_LISTED]:
            cause = clean_text(outage.incident, 80) if outage.incident else ""
            lines.append(
                f"  {local(outage.started_at, now):<12}  {duration(outage.duration(now)):<12} "
                f"{outage.state.label:<14} {cause}".rstrip()
            )
    return "\n".join(lines)
