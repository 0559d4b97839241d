"""The details window's words: every line it shows, from the view, in the user's language.

Pure (times come in the zone that ``now`` carries), so the wording is tested without a display;
the window only lays these strings out.
"""

from __future__ import annotations

from datetime import datetime

from trayapp.core import reasons
from trayapp.core.history import Share
from trayapp.core.i18n import _, ngettext
from trayapp.core.incident_words import incident_status
from trayapp.core.localdays import DAY
from trayapp.core.model import State
from trayapp.core.timefmt import clock_with_zone, number
from trayapp.views.details_view import (
    DetailsView,
    IncidentRow,
    MaintenanceRow,
    ProviderCard,
    Uptime,
)
from trayapp.views.history import is_down, uptime_text
from trayapp.views.summary import capital, overall_words


def headline(view: DetailsView) -> str:
    """``Major outage`` (or ``Checking status pages…`` before the first poll)."""
    if view.overall is None:
        return _("Checking status pages…")
    if view.overall is State.OFFLINE:
        return _("Offline — no status page reachable")
    unknown = sum(1 for p in view.providers if not p.state.is_known)
    return capital(overall_words(view.overall, unknown, len(view.providers)))


def checked(view: DetailsView, now: datetime) -> str:
    """``Checked 14:05 WIB``."""
    if view.checked_at is None:
        return _("Not checked yet")
    return _("Checked {time}").format(time=clock_with_zone(view.checked_at, now))


def paused(view: DetailsView, now: datetime) -> str | None:
    """Why no notification will come, if none will."""
    if not view.notifications:
        return _("Notifications are off in the settings.")
    if view.paused_until is not None:
        return _("Notifications paused until {time}.").format(
            time=clock_with_zone(view.paused_until, now)
        )
    return None


def state_line(card: ProviderCard, now: datetime) -> str:
    """``major outage since 14:05 WIB`` (``since at least`` when first seen then);
    ``unknown (blocked) since …`` with the reason when unknown."""
    label = reasons.labelled(card.state, card.reason)
    if card.unconfirmed:
        label += " (" + _("API not answering — not yet on the status page") + ")"
    if card.since is None:
        return label
    when = clock_with_zone(card.since, now)
    if card.since_exact:
        return _("{state} since {time}").format(state=label, time=when)
    return _("{state} since at least {time}").format(state=label, time=when)


def reason_line(card: ProviderCard) -> str | None:
    """Why it is unknown, as a sentence: ``The page answered with a bot check or refused
    access.``; None while it is known (or offline, which says it all)."""
    if card.reason is None or card.state.is_known or card.state is State.OFFLINE:
        return None
    return reasons.sentence(card.reason)


def card_checked(card: ProviderCard, now: datetime) -> str:
    return _("Checked {time}").format(time=clock_with_zone(card.checked_at, now))


def components_title(card: ProviderCard) -> str:
    count = len(card.components)
    return ngettext("{count} watched component", "{count} watched components", count).format(
        count=number(count)
    )


def component_line(name: str, state: State) -> str:
    return _("{name}: {state}").format(name=name, state=state.label)


def components_more(card: ProviderCard) -> str | None:
    if not card.components_left:
        return None
    return ngettext(
        "…and {n} more component", "…and {n} more components", card.components_left
    ).format(n=number(card.components_left))


def incident_meta(incident: IncidentRow, now: datetime) -> str:
    """``investigating · major outage · started 14:00 WIB``: a platform's fixed status word in
    the user's language, any other as the page wrote it."""
    parts = [incident.impact.label]
    if incident.status:
        parts.insert(0, incident_status(incident.status))
    if incident.started_at is not None:
        parts.append(_("started {time}").format(time=clock_with_zone(incident.started_at, now)))
    return " · ".join(parts)


def latest_update(incident: IncidentRow) -> str | None:
    if not incident.latest_update:
        return None
    return _("Latest update: {text}").format(text=incident.latest_update)


def maintenance_line(m: MaintenanceRow, now: datetime) -> str:
    if m.in_progress:
        return _("Maintenance in progress: {title}").format(title=m.title)
    return _("Maintenance scheduled {time}: {title}").format(
        time=clock_with_zone(m.starts_at, now), title=m.title
    )


def other_incidents(card: ProviderCard) -> str | None:
    if not card.other_incidents:
        return None
    return ngettext(
        "{n} open incident on components you do not watch",
        "{n} open incidents on components you do not watch",
        card.other_incidents,
    ).format(n=number(card.other_incidents))


def uptime_title(bar: Uptime) -> str:
    """``7-day uptime 99.82 %``, as the menu says it (never 100 % beside a red day)."""
    troubled = any(is_down(cell) for cell in bar.cells)
    return uptime_text(Share(bar.uptime, bar.observed, bar.days * DAY), bar.days, troubled)


def uptime_description(bar: Uptime) -> str:
    """What a screen reader says of a bar: the days that had a problem, and how much was seen."""
    bad = sum(1 for c in bar.cells if c is not None and c.is_problem)
    seen = sum(1 for c in bar.cells if c is not None)
    problems = ngettext("{n} day with a problem", "{n} days with a problem", bad).format(n=bad)
    observed = ngettext("{n} day observed", "{n} days observed", seen).format(n=seen)
    return f"{problems}, {observed}"


def cell_tooltip(state: State | None, days_ago: int) -> str:
    when = (
        _("today")
        if days_ago == 0
        else ngettext("{n} day ago", "{n} days ago", days_ago).format(n=days_ago)
    )
    if state is None:
        return _("{when}: nothing observed").format(when=when)
    return _("{when}: worst {state}").format(when=when, state=state.label)


def outages_line(card: ProviderCard) -> str:
    if not card.outages:
        return _("No outage recorded.")
    return ngettext(
        "{n} outage recorded in 90 days", "{n} outages recorded in 90 days", card.outages
    ).format(n=card.outages)


def mute_label(card: ProviderCard) -> tuple[str, str]:
    """The mute button's label and its accessible name (naming the provider)."""
    if card.muted:
        return _("Unmute"), _("Unmute notifications for {name}").format(name=card.name)
    return _("Mute"), _("Mute notifications for {name}").format(name=card.name)


def use_instead(name: str) -> tuple[str, str]:
    return _("Use {name}").format(name=name), _("Open {name} instead").format(name=name)
