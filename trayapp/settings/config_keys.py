"""Where a key is in a TOML file: its path as text, and the line it is written on.

Config errors name both ("config.toml: line 2: catalogue.enabled[0]: ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trayapp.core.i18n import _


def key_text(key: Sequence[str | int]) -> str:
    """``providers[2].type``: a key path as people write it."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or _("(top level)")


def find_line(lines: list[str], key: Sequence[str | int]) -> int | None:
    """The line a key path is written on, found by walking headers; None if not written."""
    if not key:
        return None
    names = [k for k in key if isinstance(k, str)]
    tables, leaf = names[:-1], names[-1] if names else ""
    # ["providers", 2, "type"]: the int picks the array table; in ["x", "list", 2] it is a value.
    want_index = key[1] if len(key) >= 3 and isinstance(key[1], int) else None
    table = ""
    seen_array: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        header = re.fullmatch(r"\[\[\s*([\w.-]+)\s*\]\]|\[\s*([\w.-]+)\s*\]", line)
        if header:
            table = header.group(1) or header.group(2)
            if header.group(1):
                seen_array[table] = seen_array.get(table, -1) + 1
            continue
        in_table = table == ".".join(tables) and (
            want_index is None or seen_array.get(table) == want_index
        )
        if in_table and re.match(rf"{re.escape(leaf)}\s*=", line):
            return number
    return None


# Where tomllib ("… (at line 18, column 6)") and tomlkit ("… at line 18 col 6") say it is.
_PLACE = re.compile(r"\s*(?:\(at line (\d+), column (\d+)\)|at line (\d+) col (\d+))\s*$")


def toml_error(name: str, detail: str) -> str:
    """``config.toml: line 18, column 6: not valid TOML: Expected '=' after a key…``: the place
    and the lead in the user's language; the parser's own detail (English) after them."""
    match = _PLACE.search(detail)
    where = ""
    if match:
        line, column = [int(g) for g in match.groups() if g is not None]
        where = _("line {line}, column {column}: ").format(line=line, column=column)
        detail = detail[: match.start()]
    return f"{name}: {where}" + _("not valid TOML: {error}").format(error=detail)
