"""Generate the committed icon set in assets/ from the app's own drawing code.

Run: ``.venv/bin/python packaging/make_assets.py`` (a test checks the committed files match).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

from trayapp.core.model import State
from trayapp.views.icon import render

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "assets"
# The icon theme tree ships inside the package: the windows add it to GTK's icon search path, so
# they find the icon from any install (a clone, pipx, a wheel); the wheel's data files and the
# .deb also install it under share/icons/ for the desktop's menu entry.
THEMED = ROOT / "trayapp" / "icons"
APP_STATE = State.OPERATIONAL  # the app's own icon: the healthy look
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def build(target: Path = ASSETS, themed_root: Path = THEMED) -> list[Path]:
    """Write every asset into ``target`` (the themed icons into ``themed_root``); returns the
    files written."""
    written: list[Path] = []
    (target / "states").mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        path = target / f"ai-status-tray-{size}.png"
        render(APP_STATE, size).save(path, optimize=True)
        written.append(path)
        # The same icon where the freedesktop icon theme wants it (entries and windows say
        # Icon=ai-status-tray).
        themed = themed_root / "hicolor" / f"{size}x{size}" / "apps" / "ai-status-tray.png"
        themed.parent.mkdir(parents=True, exist_ok=True)
        render(APP_STATE, size).save(themed, optimize=True)
        written.append(themed)
    largest = render(APP_STATE, 256)
    ico = target / "ai-status-tray.ico"
    largest.save(ico, sizes=[(s, s) for s in ICO_SIZES])
    written.append(ico)
    icns = target / "ai-status-tray.icns"
    Image.Image.save(render(APP_STATE, 512), icns)
    written.append(icns)
    for state in State:
        path = target / "states" / f"{state.value}.png"
        render(state, 64).save(path, optimize=True)
        written.append(path)
    marked = target / "states" / "operational-partly-unknown.png"
    render(State.OPERATIONAL, 64, partial_unknown=True).save(marked, optimize=True)
    written.append(marked)
    return written


if __name__ == "__main__":
    where = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    for path in build(where, where / "icons") if where else build():
        print(path)
