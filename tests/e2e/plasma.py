"""KDE Plasma 5.27 (Debian 12's ``plasma-desktop``) on the test's Xvfb: ``kded5`` and
``plasmashell``, with its panel along the bottom and the system tray left of the clock.

What it needs here: a private ``HOME``; D-Bus activation of KDE's own services on the session
bus (kded5, the activity manager — without it plasmashell aborts "Aborting shell load" —,
kglobalaccel, and the accessibility bus); ``QT_QPA_PLATFORM=xcb``; no window manager and no
compositor. The StatusNotifierWatcher is a kded module (kded5 loads it at start; the tests unload
and load it through kded's ``unloadModule``/``loadModule`` to make a watcher appear after the
app). plasmashell owns ``org.freedesktop.Notifications``: notifications show in its popups.

What Plasma shows is read as a screen reader reads it: with Qt's accessibility always on, the
tray's right-click menu (dbusmenu-qt, the reference client) and the notification popups are read
through AT-SPI (:mod:`tests.e2e.atspi_reader`); the icon's pixels from screenshots.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from tests.e2e.desktop_session import dominant_state_colour
from tests.e2e.processes import sni_watcher_present
from tests.statusserver import wait_for

if TYPE_CHECKING:
    from tests.e2e.desktop_session import DesktopSession

HERE = Path(__file__).parent
SERVICES = Path("/usr/share/dbus-1/services")
ACTIVATABLE = (
    "org.kde.kded5.service",
    "org.kde.ActivityManager.service",
    "org.kde.kglobalaccel.service",
    "org.a11y.Bus.service",
)
PANEL_HEIGHT = 44  # Plasma's default bottom panel at 96 dpi
Box = tuple[int, int, int, int]


class PlasmaShell:
    """``PlasmaShell(session).start()`` inside a :class:`DesktopSession` with no tray host."""

    def __init__(self, session: DesktopSession) -> None:
        self.session = session
        self.home = session.workdir / "plasma-home"
        self.log = session.workdir / "plasmashell.log"
        self.proc: subprocess.Popen[Any] | None = None
        self.env: dict[str, str] = {}

    def start(self, watcher: bool = True) -> None:
        """``watcher``: keep kded's StatusNotifierWatcher (False: unloaded until
        :meth:`load_watcher`)."""
        for tool in ("plasmashell", "kded5"):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} is missing: run scripts/test, which installs it")
        (self.home / "run").mkdir(parents=True, mode=0o700)
        for name in ACTIVATABLE:
            if not (SERVICES / name).exists():
                raise RuntimeError(f"{SERVICES / name} is missing: run scripts/test")
            shutil.copy(SERVICES / name, self.session.workdir / "services" / name)
        self._dbus(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.ReloadConfig"
        )
        # What the bus starts lives in Plasma's home too: the accessibility bus's socket would
        # otherwise be ~/.cache/at-spi/bus_<display>, shared with whoever had that display.
        self._dbus(
            "org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.UpdateActivationEnvironment",
            f"dict:string:string:XDG_RUNTIME_DIR,{self.home / 'run'},HOME,{self.home}",
        )
        self.env = {
            **self.session.full_env(),
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local/share"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_RUNTIME_DIR": str(self.home / "run"),
            "XDG_CURRENT_DESKTOP": "KDE",
            "KDE_FULL_SESSION": "true",
            "KDE_SESSION_VERSION": "5",
            "QT_QPA_PLATFORM": "xcb",
            # Qt's accessibility on, as with a screen reader: the tests read menus through it.
            "QT_ACCESSIBILITY": "1",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        }
        with (self.session.workdir / "kded5.log").open("w") as out:
            self.session.procs.append(
                subprocess.Popen(["kded5"], env=self.env, stdout=out, stderr=subprocess.STDOUT)
            )
        if not wait_for(self.watcher_ready, 60):
            raise RuntimeError("kded5 did not load its StatusNotifierWatcher")
        if not watcher:
            self.unload_watcher()
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(
                ["plasmashell", "--no-respawn"], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        self.session.procs.append(self.proc)
        self.session.env["XDG_CURRENT_DESKTOP"] = "KDE"  # what apps see in a Plasma session
        if not wait_for(self._ready, 120):
            raise RuntimeError(f"plasmashell did not start:\n{self.tail()}")
        # The first reader activates the accessibility bus, and plasmashell joins it only
        # then: until it has, the first menu opened is not seen by the reader.
        if not wait_for(lambda: "plasmashell" in self._read("apps"), 60):
            raise RuntimeError("plasmashell never joined the accessibility bus")

    def _ready(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"plasmashell ended ({self.proc.returncode}):\n{self.tail()}")
        names = self._names()
        host = any(n.startswith("org.kde.StatusNotifierHost-") for n in names)
        return host and "org.freedesktop.Notifications" in names and self.panel_drawn()

    def panel_drawn(self) -> bool:
        shot = self.session.screenshot(self.session.workdir / "plasma.png")
        strip = shot.crop((0, shot.height - PANEL_HEIGHT // 2, shot.width, shot.height))
        return len({strip.tobytes()[i : i + 3] for i in range(0, strip.width * 66, 3)}) > 20

    def _names(self) -> list[str]:
        out = self._dbus(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"
        )
        return [
            line.split('"')[1] for line in out.splitlines() if line.strip().startswith("string")
        ]

    def _dbus(self, dest: str, path: str, method: str, *args: str) -> str:
        return self.session.run(
            "dbus-send", "--session", "--print-reply", f"--dest={dest}", path, method, *args
        )

    def watcher_ready(self) -> bool:
        return sni_watcher_present(self.session.full_env())

    def load_watcher(self) -> None:
        """Load KDE's StatusNotifierWatcher, as a session does on demand."""
        self._dbus(
            "org.kde.kded5", "/kded", "org.kde.kded5.loadModule", "string:statusnotifierwatcher"
        )

    def unload_watcher(self) -> None:
        self._dbus(
            "org.kde.kded5", "/kded", "org.kde.kded5.unloadModule", "string:statusnotifierwatcher"
        )
        if not wait_for(lambda: not self.watcher_ready(), 20):
            raise RuntimeError("KDE's StatusNotifierWatcher did not go away")

    def tail(self, size: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    # -- looking ---------------------------------------------------------------------------
    def tray_region(self) -> Box:
        """The right half of the bottom panel: the system tray and the clock."""
        width, height = self.session.screen_size()
        return width // 2, height - PANEL_HEIGHT, width, height

    def icon_box(self) -> Box | None:
        """Where the app's icon is in the tray: the box of the saturated pixels there (the
        panel's own icons and the clock are grey)."""
        shot = self.session.screenshot(self.session.workdir / "tray.png")
        return saturated_box(shot, self.tray_region())

    def icon_colour(self) -> str | None:
        """The icon's state colour in the tray; the pointer is moved away first: Plasma
        lightens the icon under it."""
        width, height = self.session.screen_size()
        self.session.run("xdotool", "mousemove", str(width // 2), str(height // 2))
        shot = self.session.screenshot(self.session.workdir / "tray.png")
        box = saturated_box(shot, self.tray_region())
        if box is None:
            return None
        x, y, w, h = box
        return dominant_state_colour(shot, (x, y, x + w, y + h))

    def right_click(self, x: int, y: int) -> None:
        """Plasma's tray reacts to a press and a release, not to xdotool's instant click."""
        self.session.run(
            "xdotool",
            "mousemove",
            str(x),
            str(y),
            "sleep",
            "0.3",
            "mousedown",
            "3",
            "sleep",
            "0.2",
            "mouseup",
            "3",
        )

    def _read(self, *args: str) -> Any:
        out = subprocess.run(
            [sys.executable, str(HERE / "atspi_reader.py"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if out.returncode != 0:
            raise RuntimeError(f"AT-SPI reader failed: {out.stderr[-2000:]}")
        return json.loads(out.stdout)

    def open_menu(self) -> list[dict[str, Any]] | None:
        """Right-click the icon, read the menu Plasma shows and close it (None: no menu came
        up)."""
        if not self.show_menu():
            return None
        found = self.read_menu()
        self.close_menu()
        return found

    def show_menu(self) -> bool:
        """Right-click the icon: its menu opens (False: no icon to click)."""
        box = self.icon_box()
        if box is None:
            return False
        x, y, w, h = box
        self.right_click(x + w // 2, y + h // 2)
        time.sleep(1)
        return True

    def read_menu(self) -> list[dict[str, Any]] | None:
        """The menu open now, every submenu included, as Plasma shows it (None: none open).
        It stays open."""
        found = self._read("menu", "0.6")
        return None if found is None else list(found)

    def close_menu(self) -> None:
        self.session.key("Escape")
        self.session.key("Escape")  # in case a submenu was still open

    def press(self, path: list[str]) -> None:
        """Click an item of the icon's menu as a user does: the menu opened with a right
        click, the submenus along ``path`` opened, its last item pressed."""
        if not self.show_menu():
            raise AssertionError("no icon in Plasma's tray to open the menu of")
        problem = self._read("press", *path)
        if problem:
            self.close_menu()
            raise AssertionError(f"Plasma's menu: {problem}")
        time.sleep(0.5)
        self.close_menu()  # a press through AT-SPI leaves the menu open, where a click closes it

    def tooltips(self) -> list[list[str]]:
        """The texts of each tooltip plasmashell shows now."""
        return [list(t) for t in self._read("tooltips", "plasmashell")]

    def notifications(self) -> list[dict[str, Any]]:
        return list(self._read("notifications", "plasmashell"))

    def tray_errors(self) -> list[str]:
        """QML and JavaScript errors in plasmashell's log from its system tray."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [
            line
            for line in text.splitlines()
            if ("systemtray" in line or "statusnotifier" in line.lower())
            and ("Error" in line or "error" in line or "TypeError" in line or "Warning" in line)
        ]


def saturated_box(shot: Image.Image, region: Box) -> Box | None:
    left, top = region[:2]
    strip = shot.crop(region)
    data = strip.tobytes()
    points = [
        (i // 3 % strip.width, i // 3 // strip.width)
        for i in range(0, len(data), 3)
        if max(data[i : i + 3]) - min(data[i : i + 3]) > 80
    ]
    if len(points) < 20:
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return left + min(xs), top + min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def menu_lines(items: list[dict[str, Any]], depth: int = 0) -> list[str]:
    """Plasma's menu as :func:`tests.e2e.sni_probe.exported_lines` draws an export."""
    lines: list[str] = []
    for item in items:
        if item["role"] == "separator":
            lines.append("  " * depth + "-")
            continue
        flags = ("" if item["enabled"] else " [off]") + (" [x]" if item["checked"] else "")
        lines.append("  " * depth + item["name"] + flags)
        lines += menu_lines(item.get("children", []), depth + 1)
    return lines
