"""The details window's view from what a tray (or a window polling on its own) keeps.

One function, so the tray's control channel and the window's own polling pass the same
arguments: what the settings file silences, the saved mutes, a pause still running.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from trayapp.core.history import ProviderHistory
from trayapp.core.model import Snapshot
from trayapp.core.since import Track
from trayapp.settings.config import Config
from trayapp.settings.prefs import Prefs
from trayapp.views import details_view
from trayapp.views.details_view import DetailsView


def details(
    snapshot: Snapshot | None,
    history: Mapping[str, ProviderHistory],
    tracks: Mapping[str, Track],
    prefs: Prefs,
    config: Config,
    now: datetime,
    problem: str | None = None,
) -> DetailsView:
    """The view of ``snapshot`` with the user's choices as they stand at ``now``."""
    until = prefs.paused_until
    return details_view.build(
        snapshot,
        history,
        tracks,
        muted=prefs.muted,
        muted_in_settings=config.silenced,
        paused_until=until if until is not None and now < until else None,
        notifications=config.notifications,
        problem=problem,
    )
