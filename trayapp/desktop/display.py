"""Whether there is a desktop to show anything on: the tray and the windows ask the same way."""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    """On Linux a tray or a window needs X11 or Wayland; elsewhere the desktop is always there."""
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True
