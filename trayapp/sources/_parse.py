"""Helpers shared by the status-format parsers: typed access that fails with a clear message."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

from trayapp.core.i18n import _
from trayapp.core.model import State

T = TypeVar("T")
EARLIEST_YEAR = 1990
LATEST_YEAR = 2200


class SourceFormatError(ValueError):
    """The page answered, but not in the shape its format promises."""


def field(obj: Any, key: str, kind: type[T], where: str) -> T:
    """``obj[key]``, which must exist and be of ``kind``."""
    if not isinstance(obj, dict):
        raise SourceFormatError(_not_object(where, obj))
    if key not in obj:
        raise SourceFormatError(_("{where}: missing {key!r}").format(where=where, key=key))
    value = obj[key]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        message = _("{where}: expected {expected}, got {got}")
        raise SourceFormatError(
            message.format(where=f"{where}.{key}", expected=kind.__name__, got=type(value).__name__)
        )
    return value


def _not_object(where: str, obj: Any) -> str:
    message = _("{where}: expected an object, got {got}")
    return message.format(where=where, got=type(obj).__name__)


def optional(obj: Any, key: str, kind: type[T], where: str, default: T) -> T:
    """``obj[key]`` when present and not null, else ``default``; a wrong type is an error."""
    if not isinstance(obj, dict):
        raise SourceFormatError(_not_object(where, obj))
    if obj.get(key) is None:
        return default
    return field(obj, key, kind, where)


def objects(items: list[Any], where: str) -> list[dict[str, Any]]:
    """Every item of a list, each of which must be an object."""
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise SourceFormatError(
                _("{where}: expected an object").format(where=f"{where}[{index}]")
            )
    return items


def parse_time(value: object) -> datetime | None:
    """An aware datetime from ISO 8601 or RFC 822 text; None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text.replace(" Z", " +0000"))
        except (TypeError, ValueError, IndexError):
            return None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    # Outside this window a date is a page's mistake (or a trap: near year 9999, converting it
    # to local time overflows); it is shown as unknown time.
    return parsed if EARLIEST_YEAR <= parsed.year <= LATEST_YEAR else None


def vocabulary(table: dict[str, T], value: object, default: T) -> T:
    """Map a page's status word (case-insensitive); words we do not know give ``default``."""
    if isinstance(value, str):
        return table.get(value.strip().lower(), default)
    return default


def epoch_seconds(value: object) -> datetime | None:
    """An aware datetime from a positive count of seconds since 1970; None otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def worst_state(states: Iterable[State], default: State) -> State:
    """The most severe of ``states``; ``default`` when there are none."""
    return max(states, key=lambda s: s.severity, default=default)
