"""Changes the settings window makes to ``config.toml``, as edits of the TOML document.

tomlkit keeps what the user wrote around a change: comments, order, blank lines, quoting. Each
function here edits a document in memory; :mod:`trayapp.settings.config_write` validates the
result and writes it. Nothing here touches a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table
from tomlkit.toml_document import TOMLDocument

from trayapp.core.i18n import _
from trayapp.core.loudness import DEFAULT_LOUDNESS, LOUDNESS_KEYS
from trayapp.core.model import ProviderSpec
from trayapp.settings.catalogue import DEFAULT_ENABLED
from trayapp.settings.config import DEFAULT_CONFIG, ConfigError
from trayapp.settings.config_keys import toml_error

Document = TOMLDocument


def parse_document(text: str | None) -> Document:
    """The document to edit: ``text``, or the commented default when there is no file yet."""
    try:
        return tomlkit.parse(DEFAULT_CONFIG if text is None else text)
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(toml_error("config.toml", str(exc))) from None


def dumps(doc: Document) -> str:
    return tomlkit.dumps(doc)


def _table(doc: Document, key: str) -> Table:
    table = doc.get(key)
    if table is None:
        table = tomlkit.table()
        doc[key] = table
    if not isinstance(table, Table):
        raise ConfigError(f"{key}: expected a table ([{key}])")
    return table


def _rows(doc: Document) -> list[Any]:
    rows = doc.get("providers")
    return list(rows) if isinstance(rows, AoT | list) else []


def _row(doc: Document, provider_id: str) -> Any | None:
    """The ``[[providers]]`` table with ``id = provider_id``, if there is one."""
    for row in _rows(doc):
        if isinstance(row, dict) and row.get("id") == provider_id:
            return row
    return None


def _new_row(doc: Document, provider_id: str) -> Table:
    row = tomlkit.table()
    row["id"] = provider_id
    written = tomlkit.dumps(doc)
    if written.strip() and not written.endswith("\n\n"):
        # A blank line before the new block: a comment the file ends with stays the user's,
        # not the new block's heading.
        row.trivia.indent = "\n"
    rows = doc.get("providers")
    if isinstance(rows, AoT):
        rows.append(row)
    else:
        doc.append("providers", tomlkit.aot())
        doc["providers"].append(row)
    return row


def _string_array(values: Iterable[str]) -> Any:
    array = tomlkit.array()
    array.extend(values)
    return array


def enabled_ids(doc: Document) -> list[str]:
    """``[catalogue] enabled`` as written, or the default picks when the key is absent."""
    table = doc.get("catalogue")
    value = table.get("enabled") if isinstance(table, dict) else None
    return [str(v) for v in value] if isinstance(value, list) else list(DEFAULT_ENABLED)


def set_watched(
    doc: Document, catalogue: dict[str, ProviderSpec], provider_id: str, watched: bool
) -> None:
    """Watch ``provider_id`` or stop: the catalogue's list, and its own table's ``enabled``."""
    row = _row(doc, provider_id)
    if provider_id in catalogue:
        ids = enabled_ids(doc)
        if watched and provider_id not in ids:
            ids.append(provider_id)
        elif not watched:
            ids = [i for i in ids if i != provider_id]
        _table(doc, "catalogue")["enabled"] = _string_array(ids)
    elif row is None:
        raise ConfigError(_("no provider {id!r}").format(id=provider_id))
    if row is not None:
        if watched and "enabled" in row:
            del row["enabled"]
        elif not watched:
            row["enabled"] = False  # its table stays: its URL, name and choices are kept


def set_enabled_list(doc: Document, ids: Sequence[str]) -> None:
    """``[catalogue] enabled = ids``, written out even when it equals the default."""
    _table(doc, "catalogue")["enabled"] = _string_array(ids)


def set_components(doc: Document, provider_id: str, components: Sequence[str]) -> None:
    """Watch only ``components`` of ``provider_id`` (none: the whole page counts)."""
    row = _row(doc, provider_id) or _new_row(doc, provider_id)
    row["components"] = _string_array(components)


def set_loudness(doc: Document, provider_id: str, level: str) -> None:
    """How loud ``provider_id``'s notifications are; "silent" also leaves the muted list."""
    if level not in LOUDNESS_KEYS:
        raise ValueError(f"unknown loudness {level!r}")
    notifications = _table(doc, "notifications")
    muted = notifications.get("muted")
    if isinstance(muted, list) and provider_id in muted:
        # One place says it: the loudness table (muted = [...] is the older spelling of silent).
        notifications["muted"] = _string_array(m for m in muted if m != provider_id)
    loudness = notifications.get("loudness")
    if loudness is None:
        if level == DEFAULT_LOUDNESS:
            return
        loudness = tomlkit.table()
        notifications["loudness"] = loudness
    if level == DEFAULT_LOUDNESS:
        loudness.pop(provider_id, None)
    else:
        loudness[provider_id] = level


def set_top(doc: Document, key: str, value: object | None) -> None:
    """A top-level key (``poll_interval``, ``language``); None removes it (its default)."""
    if value is None:
        doc.pop(key, None)
        return
    doc[key] = value  # tomlkit puts a new top-level key before the first table


def add_provider(doc: Document, spec: ProviderSpec, components: Sequence[str]) -> None:
    """A provider of the user's own (found by add-by-URL) as a new ``[[providers]]`` table."""
    row = _new_row(doc, spec.id)
    row["name"] = spec.name
    row["type"] = spec.type
    row["url"] = spec.url
    if spec.product:
        row["product"] = spec.product
    if components:
        row["components"] = _string_array(components)
