"""Times, durations and numbers as people read them, in their language and their own zone.

Pure: the zone is the one ``now`` carries (the shell builds ``now`` in the user's zone) and the
language is the one installed in :mod:`trayapp.core.i18n`. Date patterns are CLDR patterns that
the translation catalogue provides, so a new language brings its own (Indonesian writes 16.51).

The catalogue also gives the few CLDR facts these need: the abbreviated month names and the
decimal and group marks (tests/settings/test_language.py checks them against Babel's CLDR).
Babel then formats digits only, and never loads a language's whole CLDR data: 4 MiB kept for
the tray's life, for twelve names and two marks.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from babel.dates import format_datetime

from trayapp.core.i18n import _, language, ngettext

# Dates a status page may sensibly carry; anything outside is shown as "unknown time".
EARLIEST = datetime(2000, 1, 1).toordinal()
LATEST = datetime(2200, 1, 1).toordinal()


def _sane(when: datetime) -> bool:
    return EARLIEST <= when.toordinal() <= LATEST


_MONTH = re.compile(r"(?<!M)MMM(?!M)")


def _format(when: datetime, pattern: str, zone: tzinfo | None) -> str:
    here = when.astimezone(zone)
    if "MMM" in pattern:
        # The month's name goes in as quoted text ('' is a quote in CLDR): Babel needs no data.
        name = month_names()[here.month - 1].replace("'", "''")
        pattern = _MONTH.sub(lambda _match: f"'{name}'", pattern)
    return format_datetime(here, pattern, tzinfo=zone, locale=language())


_ENGLISH_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def month_names() -> tuple[str, ...]:
    """The twelve abbreviated month names in the user's language: ``Jan`` … ``Dec``."""
    # TRANSLATORS: the twelve abbreviated month names, separated by spaces, as CLDR has them
    # for your language (Indonesian: Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des).
    names = tuple(_("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec").split())
    return names if len(names) == 12 else _ENGLISH_MONTHS


def marks() -> tuple[str, str]:
    """The decimal mark and the mark between groups of digits: ``(".", ",")`` in English."""
    # TRANSLATORS: your language's decimal mark, as CLDR has it (Indonesian: ",").
    decimal = _(".")
    # TRANSLATORS: the mark between groups of three digits, as CLDR has it (Indonesian: ".").
    group = _(",")
    return decimal, group


def _in_marks(text: str) -> str:
    """``text`` written with Python's marks ("1,234.5") in the user's ("1.234,5")."""
    decimal, group = marks()
    return text.translate({ord("."): decimal, ord(","): group})


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


def fixed(value: float, digits: int) -> str:
    """``99.82`` with ``digits`` decimals, no grouping (``99,82`` in Indonesian)."""
    return _in_marks(f"{value:.{digits}f}")


def number(value: int) -> str:
    """``1,234`` (``1.234`` in Indonesian)."""
    return _in_marks(f"{value:,}")
