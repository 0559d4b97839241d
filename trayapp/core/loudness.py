"""How loud a provider's notifications are: every change, outages only, or silent.

Each level is data in the manner of Gatus' alerts: from which state a problem is announced, how
many polls in a row confirm a problem or a recovery, and whether the recovery is said.
"""

from __future__ import annotations

from dataclasses import dataclass

from trayapp.core.i18n import N_, _
from trayapp.core.model import State


@dataclass(frozen=True)
class Loudness:
    announce_from: State | None  # the mildest state announced; None: nothing is
    failure_threshold: int = 2  # polls in a row that confirm a new problem state
    success_threshold: int = 2  # polls in a row that confirm a state that is not a problem
    send_on_resolved: bool = True  # say when an announced problem is over

    def loud(self, state: State) -> bool:
        """Whether ``state`` is a problem worth a notification at this level."""
        least = self.announce_from
        return least is not None and state.is_known and state.severity >= least.severity

    def threshold(self, state: State) -> int:
        return self.failure_threshold if state.is_problem else self.success_threshold


ALL = "all"
OUTAGES = "outages"
SILENT = "silent"
DEFAULT_LOUDNESS = ALL

LEVELS: dict[str, Loudness] = {
    ALL: Loudness(announce_from=State.DEGRADED),
    OUTAGES: Loudness(announce_from=State.PARTIAL_OUTAGE),
    SILENT: Loudness(announce_from=None, send_on_resolved=False),
}
LOUDNESS_KEYS: tuple[str, ...] = tuple(LEVELS)

_LABELS = {
    ALL: N_("Every change"),
    OUTAGES: N_("Outages only"),
    SILENT: N_("Silent"),
}


def label(key: str) -> str:
    """The level's name for people, in their language."""
    return _(_LABELS[key])
