"""AI Status Tray: the health of the AI tools you depend on, at a glance.

The public, typed surface for scripts::

    from trayapp import load_config, poll_once
    snapshot = poll_once(load_config())
    print(snapshot.overall)            # a State

Only ``trayapp.core`` is imported eagerly; the rest loads on first use, so importing the
model never pulls in the network or GUI stacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trayapp.core.identity import APP_ID, APP_NAME
from trayapp.core.model import ProviderSpec, Snapshot, State

if TYPE_CHECKING:
    from trayapp.polling.oneshot import poll_once
    from trayapp.settings.config import load_config

__all__ = ["APP_ID", "APP_NAME", "ProviderSpec", "Snapshot", "State", "load_config", "poll_once"]


def __getattr__(name: str) -> Any:
    # PEP 562: load the heavier parts of the public surface on first use.
    if name == "load_config":
        from trayapp.settings.config import load_config

        return load_config
    if name == "poll_once":
        from trayapp.polling.oneshot import poll_once

        return poll_once
    if name == "__version__":
        from trayapp.version import version

        return version()
    raise AttributeError(f"module 'trayapp' has no attribute {name!r}")
