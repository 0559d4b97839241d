"""Removing a provider the user added: its ``[[providers]]`` block leaves ``config.toml``.

Done on the text, line by line, so that everything else stays as the user wrote it: the comment
lines right above the block's header (they head it) and those right under its keys go with it; a
comment after a blank line at its end heads what follows and stays. The result is checked
against the document tomlkit reads: if anything but that block changed (a file laid out in a way
the lines do not tell), tomlkit removes the table instead. Pure: text in, text out.
"""

from __future__ import annotations

import re
from typing import Any

import tomlkit
from tomlkit.items import AoT

from trayapp.core.i18n import _
from trayapp.settings.config import ConfigError

_PROVIDERS_HEADER = re.compile(r"^\s*\[\[\s*providers\s*\]\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")
_COMMENT = re.compile(r"^\s*#")


def _blank(line: str) -> bool:
    return not line.strip()


def _index(rows: list[Any], provider_id: str) -> int:
    for i, row in enumerate(rows):
        if isinstance(row, dict) and row.get("id") == provider_id:
            return i
    raise ConfigError(_("no provider {id!r}").format(id=provider_id))


def _without_lines(text: str, index: int, count: int) -> str | None:
    """``text`` without the ``index``-th of ``count`` ``[[providers]]`` blocks, by its lines;
    None when the headers cannot be told apart from the lines."""
    lines = text.splitlines(keepends=True)
    headers = [i for i, line in enumerate(lines) if _PROVIDERS_HEADER.match(line)]
    if len(headers) != count:
        return None
    start = headers[index]
    end = next((i for i in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[i])), len(lines))
    while start > 0 and _COMMENT.match(lines[start - 1]):
        start -= 1  # the comment heading this block
    tail = end
    while tail > start and (_blank(lines[tail - 1]) or _COMMENT.match(lines[tail - 1])):
        tail -= 1
    # From the block's last key: comment lines still attached to it go; from the first blank
    # line on, what is left heads the next thing and stays.
    keep_from = next((i for i in range(tail, end) if _blank(lines[i])), end)
    before, after = lines[:start], lines[keep_from:]
    if (not before or _blank(before[-1])) and after and _blank(after[0]):
        after = after[1:]  # one blank line between what was around it, not two (none at the top)
    if not after or all(_blank(line) for line in after):
        while before and _blank(before[-1]):
            before.pop()  # the last block went: no blank lines left at the end
        after = []
    return "".join(before + after)


def _rows(doc: Any) -> list[Any]:
    rows = doc.get("providers")
    return list(rows) if isinstance(rows, AoT | list) else []


def remove_provider(text: str, provider_id: str) -> str:
    """``text`` without the ``[[providers]]`` block whose ``id`` is ``provider_id``.

    Raises :class:`ConfigError` when there is no such block."""
    doc = tomlkit.parse(text)
    rows = _rows(doc)
    index = _index(rows, provider_id)
    expected = doc.unwrap()
    left = [row for i, row in enumerate(expected.get("providers", [])) if i != index]
    if left:
        expected["providers"] = left
    else:
        expected.pop("providers", None)
    by_lines = _without_lines(text, index, len(rows))
    if by_lines is not None:
        try:
            if tomlkit.parse(by_lines).unwrap() == expected:
                return by_lines
        except tomlkit.exceptions.ParseError:
            pass
    providers = doc["providers"]
    del providers[index]
    if not len(providers):
        del doc["providers"]
    return tomlkit.dumps(doc)
