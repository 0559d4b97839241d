"""Why a provider is unknown, in words: offline, can't connect, blocked, unreadable, timed out,
undated report.

The edge (``polling/``) knows what happened on the wire and classifies it with :func:`classify`;
everything shown to people and scripts comes from here, so the menu, the tooltip, the details,
the notifications and ``status --json`` say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable

from trayapp.core.i18n import N_, _
from trayapp.core.model import FailureKind, ProviderStatus, Reason, State

# HTTP answers that refuse us rather than fail: authentication, forbidden, proxy auth, too many.
REFUSALS = frozenset({401, 403, 407, 429})

_SHORT = {
    Reason.OFFLINE: N_("offline"),
    Reason.UNREACHABLE: N_("can't connect"),
    Reason.BLOCKED: N_("blocked"),
    Reason.BROKEN: N_("unreadable page"),
    Reason.SLOW: N_("timed out"),
    Reason.UNDATED: N_("undated report"),
}
_SENTENCE = {
    Reason.OFFLINE: N_("No network: no status page answered."),
    Reason.UNREACHABLE: N_("Its status page's server could not be reached."),
    Reason.BLOCKED: N_("The page answered with a bot check or refused access."),
    Reason.BROKEN: N_("The page sent something that cannot be read."),
    Reason.SLOW: N_("The page did not answer in time."),
    Reason.UNDATED: N_(
        "The page reports a problem without a date: whether it is still going on cannot be told."
    ),
}


def classify(kind: FailureKind, status: int | None = None, *, challenge: bool = False) -> Reason:
    """The reason for a failure of ``kind`` (with its HTTP ``status``, if any); a timeout is
    :attr:`Reason.SLOW`, given where it happens."""
    if challenge or (kind is FailureKind.HTTP and status in REFUSALS):
        return Reason.BLOCKED
    if kind is FailureKind.NETWORK:
        return Reason.UNREACHABLE
    return Reason.BROKEN


def short(reason: Reason) -> str:
    """A word or two for beside "unknown": ``blocked``."""
    return _(_SHORT[reason])


def sentence(reason: Reason) -> str:
    """One sentence for people: ``The page did not answer in time.``"""
    return _(_SENTENCE[reason])


def state_label(status: ProviderStatus) -> str:
    """The state as people read it, with the reason when unknown: ``unknown (blocked)``."""
    reason = status.unknown_reason
    if reason is None or status.state is State.OFFLINE:  # "offline (offline)" says nothing
        return status.state.label
    return _("{state} ({reason})").format(state=status.state.label, reason=short(reason))


def common(reasons: Iterable[Reason | None]) -> Reason | None:
    """The one reason shared by all of ``reasons``; None when they differ or one is missing."""
    found = set(reasons)
    if len(found) != 1:
        return None
    return next(iter(found))
