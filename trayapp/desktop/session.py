"""What a tray session may change about the everyday one: the demo (``trayapp.demo``) runs the
real tray on a faster clock, in a throwaway directory, recording nothing in history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from trayapp.desktop.controller import Effects
from trayapp.desktop.instance import LOCK_NAME
from trayapp.polling.timebase import REAL, Timebase
from trayapp.settings import paths

Stop = Callable[[], None]


def _as_they_are(effects: Effects) -> Effects:
    return effects


def _nothing(stop: Stop) -> None:
    pass


@dataclass(frozen=True)
class Session:
    timebase: Timebase = REAL
    # Menu choices, notification icons, the details page and detected platforms go here.
    data_dir: Path = field(default_factory=paths.data_dir)
    record_history: bool = True
    # The details and about windows (their own process, one per user, reached over the session
    # bus); without them the details open as a page, and no control channel is exported.
    windows: bool = True
    # Names of its own for those windows and the control channel (a demo beside the everyday
    # tray: see trayapp.core.identity.control_bus_name); "" for the everyday names.
    channel: str = ""
    lock_name: str = LOCK_NAME  # one tray per user; a demo may run beside it
    log_name: str = "ai-status-tray.log"  # a demo beside it rotates a file of its own
    # Wraps what the controller asks of the desktop (a demo marks its title, menu and toasts).
    effects: Callable[[Effects], Effects] = _as_they_are
    # Called once the tray shows, just before polling starts, with a way to end the tray.
    started: Callable[[Stop], None] = _nothing
