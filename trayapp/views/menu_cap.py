"""A provider's submenu kept to a screenful: at most :data:`MAX_ENTRIES` entries, every line
counted (an incident with its latest update is two, a separator one).

The submenu is built in sections: what it opens with (components), the body (incidents and
maintenances, in groups that stay whole), what follows (the error, history, notes) and what it
always ends with (open the page, mute). Only the body gives way: groups are dropped from its
end and one "…and N more (Show details…)" entry, which opens the details, says how many.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

MAX_ENTRIES = 50
E = TypeVar("E")


@dataclass(frozen=True)
class Group(Generic[E]):
    """Entries that are shown together or not at all; ``counts`` items for "…and N more"."""

    entries: tuple[E, ...]
    counts: int = 1


def fit(
    head: Sequence[E],
    body: Sequence[Group[E]],
    tail: Sequence[E],
    already_left: int,
    more: Callable[[int], E],
    limit: int = MAX_ENTRIES,
) -> tuple[E, ...]:
    """``head``, as many of ``body``'s groups as fit, a "more" entry, then ``tail``.

    ``already_left`` counts items left out before the menu was built (the core keeps a
    screenful); the "more" entry is there whenever anything is left out.
    """
    kept: list[E] = []
    room = limit - len(head) - len(tail) - 1
    left = already_left
    for index, group in enumerate(body):
        if len(kept) + len(group.entries) > room:
            left += sum(g.counts for g in body[index:])
            break
        kept += group.entries
    else:
        if not left and len(head) + len(kept) + len(tail) <= limit:
            return (*head, *kept, *tail)
    return (*head, *kept, more(left), *tail)
