"""The user's time zone, as a real zone (DST rules and the usual name, e.g. WIB or CEST)."""

from __future__ import annotations

import os
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone() -> tzinfo:
    """``TZ`` if it names a zone, else the system's zone, else the current fixed offset."""
    for name in (_from_env(), _from_localtime_link(), _from_etc_timezone()):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                continue
    return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")


def _from_env() -> str | None:
    value = os.environ.get("TZ", "").strip().lstrip(":")
    return value or None


def _from_localtime_link() -> str | None:
    try:
        target = str(Path("/etc/localtime").readlink())
    except OSError:
        return None
    _, found, name = target.partition("zoneinfo/")
    return name if found else None


def _from_etc_timezone() -> str | None:
    try:
        return Path("/etc/timezone").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
