"""What every window is given: the settings and where things are, and the running tray."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from trayapp.settings.config import Config

if TYPE_CHECKING:
    from trayapp.windows.tray_link import TrayLink


@dataclass(frozen=True)
class Context:
    config: Config
    config_file: Path
    config_problem: str | None = None  # the file did not validate; ``config`` is then empty
    log_file: Path | None = None
    # A demo's windows (trayapp.core.identity.DEMO_CHANNEL): they follow that tray alone, on its
    # clock, never poll on their own and never edit the settings. "" for the everyday windows.
    channel: str = ""


class Host(Protocol):
    """The application a window belongs to (:class:`trayapp.windows.app.WindowsApp`)."""

    context: Context
    tray: TrayLink

    def show(self, name: str, provider: str = "") -> None: ...


def as_application(host: Host) -> Any:
    """The host as the ``Gtk.Application`` a window is created for."""
    return host
