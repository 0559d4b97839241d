"""The pictures in docs/images/, taken from a demo on a virtual desktop (``scripts/screenshots``).

One stage: Xvfb, a private D-Bus bus, xfce4-panel (its systray hosts the app's item) and
xfce4-notifyd (the notification server Xfce users have), with ``ai-status-tray demo`` replaying
the short ChatGPT outage in Jakarta time. Once the outage is announced, each shot in
:data:`SHOTS` runs in order and saves its picture, cropped to the windows it shows. To add one
(a window, say), write a function that takes the :class:`Stage` and returns an image, and add
one line to :data:`SHOTS`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from tests.e2e.desktop_session import DesktopSession
from tests.e2e.sni_probe import SniProbe
from tests.statusserver import wait_for

ROOT = Path(__file__).resolve().parents[2]
NOTIFYD = next(
    (str(p) for p in sorted(Path("/usr/lib").glob("*/xfce4/notifyd/xfce4-notifyd"))),
    "/usr/lib/x86_64-linux-gnu/xfce4/notifyd/xfce4-notifyd",
)
SCREEN = "1024x768x24"
Box = tuple[int, int, int, int]  # x, y, width, height


@dataclass
class Stage:
    desktop: DesktopSession
    probe: SniProbe
    workdir: Path
    notifyd: subprocess.Popen[bytes]

    def shot(self) -> Image.Image:
        return self.desktop.screenshot(self.workdir / "screen.png").convert("RGBA")

    def windows(self, name: str) -> list[Box]:
        """The boxes of the visible windows whose class is ``name`` (biggest first)."""
        tree = self.desktop.run("xwininfo", "-root", "-tree")
        boxes = []
        for line in tree.splitlines():
            match = re.match(
                rf'\s*(0x[0-9a-f]+) "[^"]*": \("{name}" .*\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)', line
            )
            if not match:
                continue
            window, w, h, x, y = match.group(1), *map(int, match.groups()[1:])
            if w > 20 and h > 20 and x >= 0 and y >= 0 and self._viewable(window):
                boxes.append((x, y, w, h))
        return sorted(boxes, key=lambda b: -b[2] * b[3])

    def _viewable(self, window: str) -> bool:
        return "IsViewable" in self.desktop.run("xwininfo", "-id", window)


def cut(image: Image.Image, boxes: list[Box]) -> Image.Image:
    """Only the windows in ``boxes``, on a transparent background, cropped to them."""
    canvas = Image.new("RGBA", image.size, (0, 0, 0, 0))
    for x, y, w, h in boxes:
        canvas.paste(image.crop((x, y, x + w, y + h)), (x, y))
    bbox = canvas.getbbox()
    assert bbox is not None, "nothing to cut"
    return canvas.crop(bbox)


def notification(stage: Stage) -> Image.Image:
    """The outage notification as xfce4-notifyd draws it, with its buttons."""
    assert wait_for(lambda: stage.windows("xfce4-notifyd"), 20), "no notification on screen"
    time.sleep(1.0)  # its fade-in
    picture = cut(stage.shot(), stage.windows("xfce4-notifyd")[:1])
    stage.notifyd.terminate()  # gone, so it hides nothing of the next shots
    stage.notifyd.wait(timeout=10)
    return picture


def tray_menu(stage: Stage) -> Image.Image:
    """The panel with the app's menu open and "Use instead" unfolded."""
    panel = stage.windows("xfce4-panel")[0]
    stage.desktop.click(12, panel[3] // 2, 3)
    assert wait_for(lambda: len(stage.windows("wrapper-2.0")) >= 1, 10), "no menu"
    for key in ["Down"] * 5 + ["Right"]:  # past Show details, the three providers
        stage.desktop.key(key)
        time.sleep(0.2)
    assert wait_for(lambda: len(stage.windows("wrapper-2.0")) >= 2, 10), "no submenu"
    time.sleep(0.5)
    menus = stage.windows("wrapper-2.0")
    right = max(x + w for x, _y, w, _h in menus)
    picture = cut(stage.shot(), [(0, 0, right, panel[3]), *menus])
    stage.desktop.key("Escape", "Escape")
    return picture


# One line per picture: the file in docs/images/ and the function that takes it.
SHOTS: list[tuple[str, Callable[[Stage], Image.Image]]] = [
    ("notification.png", notification),
    ("tray-menu.png", tray_menu),
]


@contextmanager
def stage(workdir: Path) -> Iterator[Stage]:
    """The demo on the virtual desktop, once it has announced the outage."""
    for tool in (NOTIFYD, "xfce4-panel"):
        if shutil.which(tool) is None and not Path(tool).exists():
            raise SystemExit(f"{tool} is missing: scripts/screenshots installs it")
    with DesktopSession(workdir, host="xfce", notifications=None, screen=SCREEN) as desktop:
        notifyd = desktop._spawn([NOTIFYD], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        home = workdir / "home"
        for sub in ("data", "state", "cache", "run"):
            (home / sub).mkdir(parents=True, mode=0o700)
        env = {
            **desktop.full_env(),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_RUNTIME_DIR": str(home / "run"),
            "TZ": "Asia/Jakarta",
            "LANG": "C.UTF-8",
            "BROWSER": "/bin/true",
        }
        app = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "trayapp",
                "demo",
                "--scenario",
                "chatgpt-nov-2024",
                "--speed",
                "60",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        probe = SniProbe(desktop.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)
        try:
            assert wait_for(probe.is_registered, 30), "the demo's icon never appeared"
            outage = lambda: "major outage" in str(probe.item_properties()["Title"])
            assert wait_for(outage, 90), "the outage never came"
            yield Stage(desktop, probe, workdir, notifyd)
        finally:
            probe.close()
            app.terminate()
            app.communicate(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as folder, stage(Path(folder)) as s:
        for name, take in SHOTS:
            picture = take(s)
            picture.save(args.out / name, optimize=True)
            print(f"{args.out / name}: {picture.width}x{picture.height}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
