"""A notification as the shell shows it, built from the policy's note and the snapshot."""

from __future__ import annotations

from dataclasses import dataclass

from trayapp.core.model import Snapshot, State
from trayapp.core.notify_policy import Kind, Notification
from trayapp.core.text import safe_link


@dataclass(frozen=True)
class Announcement:
    """A notification as the shell shows it: the policy's note (or an app notice), the state it
    announces (for its icon and urgency) and where its buttons lead."""

    title: str
    message: str
    state: State | None = None
    note: Notification | None = None
    status_page: str | None = None
    alternative: tuple[str, str] | None = None  # (name, chat URL)

    @classmethod
    def notice(cls, title: str, message: str) -> Announcement:
        return cls(title, message)


def announcement(note: Notification, snapshot: Snapshot) -> Announcement:
    """``note`` with the worst state it announces and, for one provider, its links."""
    about = [p for p in snapshot.providers if p.id in note.provider_ids]
    state = max((p.state for p in about), key=lambda s: s.severity, default=None)
    if note.kind is Kind.UNREACHABLE:
        state = snapshot.overall
    page = alternative = None
    if len(about) == 1:
        page = safe_link(about[0].status_page)
        usable = [a for a in about[0].alternatives if safe_link(a.url)]
        if usable and note.kind is not Kind.RECOVERY:
            alternative = (usable[0].name, usable[0].url)
    return Announcement(note.title, note.message, state, note, page, alternative)
