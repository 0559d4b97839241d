"""Times, durations and numbers as people read them, in their language and their own zone.

Pure: the zone is the one ``now`` carries (the shell builds ``now`` in the user's zone) and the
language is the one installed in :mod:`trayapp.core.i18n`. Date patterns are CLDR patterns that
the translation catalogue provides, so a new language brings its own (Indonesian writes 16.51).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from babel.dates import format_datetime
from babel.numbers import format_decimal, format_percent

from trayapp.core.i18n import _, language, ngettext

# Dates a status page may sensibly carry; anything outside is shown as "unknown time".
EARLIEST = datetime(2000, 1, 1).toordinal()
LATEST = datetime(2200, 1, 1).toordinal()


def _sane(when: datetime) -> bool:
    return EARLIEST <= when.toordinal() <= LATEST


def _format(when: datetime, pattern: str, zone: tzinfo | None) -> str:
    return format_datetime(when.astimezone(zone), pattern, tzinfo=zone, locale=language())


def zone_name(when: datetime, zone: tzinfo | None) -> str:
    """The zone's usual short name at ``when``: WIB, WITA, CET, CEST; else UTC+7."""
    here = when.astimezone(zone)
    name = here.tzname() or ""
    if name and not name.startswith(("+", "-")):
        return name
    offset = here.utcoffset() or timedelta(0)
    minutes = round(offset.total_seconds() / 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local(when: datetime | None, now: datetime) -> str:
    """``14:05`` today, ``Nov 20 14:05`` on another day, in the zone of ``now``."""
    if when is None:
        return "—"
    if not _sane(when):
        return _("unknown time")
    here = when.astimezone(now.tzinfo)
    if here.date() == now.date():
        # TRANSLATORS: a CLDR time pattern for a time today (Indonesian: HH.mm).
        pattern = _("HH:mm")
    elif here.year == now.year:
        # TRANSLATORS: a CLDR pattern for a day this year and its time (Indonesian: d MMM HH.mm).
        pattern = _("MMM dd HH:mm")
    else:
        # TRANSLATORS: a CLDR pattern for a full date and time.
        pattern = _("yyyy-MM-dd HH:mm")
    return _format(here, pattern, now.tzinfo)


def local_with_zone(when: datetime | None, zone: tzinfo | None) -> str:
    """``2026-11-22 14:05 WIB``: unambiguous, for the details page."""
    if when is None:
        return "—"
    if not _sane(when):
        return _("unknown time")
    pattern = _("yyyy-MM-dd HH:mm")
    return f"{_format(when, pattern, zone)} {zone_name(when, zone)}"


def clock_with_zone(when: datetime | None, now: datetime) -> str:
    """``16:51 WIB`` today, ``Nov 20 16:51 WIB`` otherwise: for the terminal and notifications."""
    if when is None:
        return "—"
    if not _sane(when):
        return _("unknown time")
    return f"{local(when, now)} {zone_name(when, now.tzinfo)}"


def duration(span: timedelta) -> str:
    """``47 min``, ``2 h 5 min``, ``3 d 4 h``."""
    minutes = max(0, round(span.total_seconds() / 60))
    if minutes < 1:
        return _("under a minute")
    if minutes < 60:
        return ngettext("{minutes} min", "{minutes} min", minutes).format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        if not minutes:
            return ngettext("{hours} h", "{hours} h", hours).format(hours=hours)
        return _("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    days, hours = divmod(hours, 24)
    if not hours:
        return ngettext("{days} d", "{days} d", days).format(days=days)
    return _("{days} d {hours} h").format(days=days, hours=hours)


def ago(when: datetime | None, now: datetime) -> str:
    """``just now``, ``2 min ago``, ``3 h ago``."""
    if when is None:
        return _("never")
    span = now - when
    if span < timedelta(seconds=45):
        return _("just now")
    return _("{duration} ago").format(duration=duration(span))


def percent(share: float, digits: int = 1) -> str:
    """``99.5%`` (``99,5%`` in Indonesian)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return format_percent(share, pattern, locale=language())


def number(value: float) -> str:
    """``1,234.5`` (``1.234,5`` in Indonesian)."""
    return format_decimal(value, locale=language())
