"""GNOME Shell 43 with Ubuntu's AppIndicator extension (v46, Debian 12), on the test's Xvfb.

What it needs that a container lacks, and how it gets it here:

- no logind: the Shell picks systemd's login manager when ``/run/systemd/seats`` exists, then
  dies on the missing system bus; it runs in its own mount namespace with a tmpfs over
  ``/run/systemd`` (``unshare -m``, as root);
- a system bus for its power and network indicators: a private ``dbus-daemon``, unanswered;
- settings without dconf: ``GSETTINGS_BACKEND=keyfile`` with the extensions enabled and
  animations off written before start;
- eyes: a test-only extension sets ``global.context.unsafe_mode`` so ``org.gnome.Shell.Eval``
  (read the Shell's own objects) and ``org.gnome.Shell.Screenshot`` answer;
- GNOME's notification service (``org.gnome.Shell.Notifications``, gjs), activatable on the
  session bus.

:meth:`GnomeShell.menu` reads the menu the Shell *shows* for an item (its PopupMenu items), to
be compared with what the app exports over dbusmenu.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dbus

from tests.e2e.processes import sni_watcher_present
from tests.statusserver import wait_for

if TYPE_CHECKING:
    from tests.e2e.desktop_session import DesktopSession

APPINDICATOR = "ubuntu-appindicators@ubuntu.com"
TEST_EXTENSION = "ai-status-tray-test@tests.invalid"
SERVICES = Path("/usr/share/dbus-1/services")

TEST_EXTENSION_JS = """// Test only: let org.gnome.Shell.Eval and org.gnome.Shell.Screenshot answer.
function init() {}
function enable() { global.context.unsafe_mode = true; }
function disable() {}
"""

SETTINGS = f"""[org/gnome/shell]
enabled-extensions=['{APPINDICATOR}', '{TEST_EXTENSION}']
disable-user-extensions=false
welcome-dialog-last-shown-version='999'

[org/gnome/desktop/interface]
enable-animations=false
"""

# A session-type bus answers as the system bus: nothing needs to reply on it.
SYSTEM_BUS = """<busconfig><type>session</type><listen>unix:dir={sockdir}</listen>
<auth>EXTERNAL</auth><policy context="default"><allow user="*"/><allow own="*"/>
<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy></busconfig>
"""

# The Shell's menu for every AppIndicator item: the PopupMenu items it shows, as data.
READ_MENUS = """(() => {
  const PM = imports.ui.popupMenu;
  // While the extension sets an item up, its menu is not a PopupMenu yet: read as empty.
  const items = menu => typeof menu._getMenuItems === 'function' ? menu._getMenuItems() : [];
  const walk = menu => items(menu).map(item => {
    if (item instanceof PM.PopupSeparatorMenuItem)
      return {separator: true, visible: item.visible};
    const out = {label: item.label ? item.label.text : '', enabled: !!item._sensitive,
                 checked: item._ornament === PM.Ornament.CHECK, visible: item.visible};
    if (item instanceof PM.PopupSubMenuMenuItem)
      out.children = walk(item.menu);
    return out;
  });
  const found = {};
  for (const [key, button] of Object.entries(Main.panel.statusArea)) {
    if (!key.startsWith('appindicator-') || !button.menu) continue;
    const [x, y] = button.get_transformed_position();
    const [w, h] = button.get_transformed_size();
    found[key] = {open: button.menu.isOpen, items: walk(button.menu), box: [x, y, w, h],
                  visible: button.visible && button.mapped};
  }
  return found;
})()"""

ITEM_BOX = """(() => {
  const PM = imports.ui.popupMenu;
  const button = Main.panel.statusArea[%(key)s];
  if (!button || typeof button.menu._getMenuItems !== 'function') return null;  // being set up
  let items = button.menu._getMenuItems();
  let item = null;
  for (const label of %(path)s) {
    item = items.find(i => i.label && i.label.text === label);
    if (!item) return null;
    if (item instanceof PM.PopupSubMenuMenuItem) {
      if (%(expand)s && !item.menu.isOpen) item.setSubmenuShown(true);
      items = item.menu._getMenuItems();
    }
  }
  const [x, y] = item.get_transformed_position();
  const [w, h] = item.get_transformed_size();
  return [x, y, w, h, item.mapped];
})()"""

# What GNOME's message list holds: every notification of every source, with its actions.
READ_NOTIFICATIONS = """(() => Main.messageTray.getSources().flatMap(source =>
  source.notifications.map(n => ({source: source.title, title: n.title,
    body: n.bannerBodyText, actions: n.actions.map(a => a.label),
    urgency: n.urgency, transient: n.isTransient, resident: n.resident}))))()"""

# Where GNOME's message list (the calendar's drop-down, opened here) shows a notification.
MESSAGE_BOX = """(() => {
  Main.panel.statusArea.dateMenu.menu.open();
  const section = Main.panel.statusArea.dateMenu._messageList._notificationSection;
  const message = section._messages.find(m => m.notification && m.notification.title === %s);
  if (!message || !message.mapped) return null;
  const [x, y] = message.get_transformed_position();
  const [w, h] = message.get_transformed_size();
  return [x, y, w, h];
})()"""

# The banner on screen now, with the boxes of its action buttons.
READ_BANNER = """(() => {
  const banner = Main.messageTray._banner;
  if (!banner || !banner.notification) return null;
  const buttons = banner._buttonBox ? banner._buttonBox.get_children() : [];
  const [bx, by] = banner.get_transformed_position();
  const [bw, bh] = banner.get_transformed_size();
  return {title: banner.notification.title, mapped: banner.mapped, box: [bx, by, bw, bh],
          buttons: buttons.map(b => {
            const [x, y] = b.get_transformed_position();
            const [w, h] = b.get_transformed_size();
            return {label: b.label, box: [x, y, w, h]};
          })};
})()"""


class ShellError(RuntimeError):
    """org.gnome.Shell.Eval raised: the JavaScript's exception, as the Shell reported it."""


class GnomeShell:
    """``GnomeShell(session).start()`` inside a :class:`DesktopSession` with no tray host."""

    def __init__(self, session: DesktopSession) -> None:
        self.session = session
        self.home = session.workdir / "gnome-home"
        self.log = session.workdir / "gnome-shell.log"
        self.proc: subprocess.Popen[Any] | None = None
        self._bus: Any = None

    # -- start and stop --------------------------------------------------------------------
    def start(self) -> None:
        for tool in ("gnome-shell", "unshare", "gjs"):
            if shutil.which(tool) is None:
                raise RuntimeError(f"{tool} is missing: run scripts/test, which installs it")
        extensions = Path("/usr/share/gnome-shell/extensions") / APPINDICATOR
        if not extensions.is_dir():
            raise RuntimeError(
                "gnome-shell-extension-appindicator is missing: run scripts/test, which installs it"
            )
        self._write_home()
        self._activatable("org.gnome.Shell.Notifications.service")
        system_bus = self._start_system_bus()
        env = {
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local/share"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_RUNTIME_DIR": str(self.home / "run"),
            "XDG_SESSION_TYPE": "x11",
            "XDG_CURRENT_DESKTOP": "GNOME",
            "GSETTINGS_BACKEND": "keyfile",
            "DBUS_SYSTEM_BUS_ADDRESS": system_bus,
        }
        shell = ["gnome-shell", "--x11", "--replace", "--sm-disable"]
        if Path("/run/systemd/seats").exists():
            # Only the Shell gets a tmpfs over /run/systemd: no login manager to find there.
            script = "mount -t tmpfs tmpfs /run/systemd || exit 90; exec " + " ".join(shell)
            shell = ["unshare", "-m", "sh", "-c", script]
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(
                shell,
                env={**self.session.full_env(), **env},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.session.procs.append(self.proc)
        self.session.env["XDG_CURRENT_DESKTOP"] = "GNOME"  # what apps see in a GNOME session
        if not wait_for(self._ready, 90):
            raise RuntimeError(f"GNOME Shell did not start:\n{self.tail()}")
        self.eval("Main.overview.hide(); true")
        if not wait_for(lambda: self.eval("Main.overview.visible") is False, 20):
            raise RuntimeError("GNOME Shell's overview did not close")

    def _write_home(self) -> None:
        ext = self.home / ".local/share/gnome-shell/extensions" / TEST_EXTENSION
        ext.mkdir(parents=True)
        (ext / "metadata.json").write_text(
            json.dumps(
                {
                    "uuid": TEST_EXTENSION,
                    "name": "AI Status Tray tests",
                    "description": "Lets the tests read what the Shell shows",
                    "shell-version": ["43"],
                }
            )
        )
        (ext / "extension.js").write_text(TEST_EXTENSION_JS)
        keyfile = self.home / ".config/glib-2.0/settings/keyfile"
        keyfile.parent.mkdir(parents=True)
        keyfile.write_text(SETTINGS)
        (self.home / "run").mkdir(mode=0o700)

    def _activatable(self, name: str) -> None:
        """Let the session bus start one of the desktop's own services."""
        shutil.copy(SERVICES / name, self.session.workdir / "services" / name)
        self._call(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ReloadConfig"
        )

    def _start_system_bus(self) -> str:
        sockdir = self.session.workdir / "system-bus"
        sockdir.mkdir()
        config = self.session.workdir / "system-bus.conf"
        config.write_text(SYSTEM_BUS.format(sockdir=sockdir))
        proc = self.session._spawn(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        address = str(proc.stdout.readline()).strip()
        if not address:
            raise RuntimeError("the stand-in system bus did not start")
        return address

    def _ready(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"GNOME Shell ended ({self.proc.returncode}):\n{self.tail()}")
        if not sni_watcher_present(self.session.full_env()):
            return False
        try:
            return self.eval("global.context.unsafe_mode") is True
        except (ShellError, dbus.exceptions.DBusException):
            return False

    def tail(self, size: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-size:] if self.log.exists() else ""

    @property
    def pid(self) -> int:
        """The Shell's own PID (``unshare`` and ``sh`` exec the Shell)."""
        assert self.proc is not None
        return self.proc.pid

    # -- asking the Shell ------------------------------------------------------------------
    def _connection(self) -> Any:
        if self._bus is None:
            self._bus = dbus.bus.BusConnection(self.session.env["DBUS_SESSION_BUS_ADDRESS"])
        return self._bus

    def _call(
        self, dest: str, path: str, interface: str, method: str, sig: str = "", *args: Any
    ) -> Any:
        return self._connection().call_blocking(
            dest, path, interface, method, sig, args, timeout=20
        )

    def eval(self, script: str) -> Any:
        """Run JavaScript in the Shell; its value, through JSON (None for undefined)."""
        ok, result = self._call(
            "org.gnome.Shell", "/org/gnome/Shell", "org.gnome.Shell", "Eval", "s", script
        )
        if not ok:
            raise ShellError(str(result))
        return json.loads(str(result)) if str(result) else None

    def indicators(self) -> dict[str, Any]:
        """Every AppIndicator item in the top bar: {key: {open, items, box, visible}}."""
        found = self.eval(READ_MENUS)
        return dict(found or {})

    def indicator_key(self, names: list[str]) -> str | None:
        """The key of the app's item in ``Main.panel.statusArea`` (``appindicator-`` and the bus
        name it registered, or ``<unique name>@<path>``)."""
        keys = self.indicators()
        return next(
            (
                k
                for k in keys
                for n in names
                if k in (f"appindicator-{n}", f"appindicator-{n}@/StatusNotifierItem")
            ),
            None,
        )

    def menu(self, key: str) -> list[dict[str, Any]] | None:
        found = self.indicators().get(key)
        return None if found is None else list(found["items"])

    def is_open(self, key: str) -> bool:
        return bool(self.indicators().get(key, {}).get("open"))

    def open_menu(self, key: str, open_: bool = True) -> None:
        verb = "open" if open_ else "close"
        self.eval(f"Main.panel.statusArea[{json.dumps(key)}].menu.{verb}(); true")

    def item_box(
        self, key: str, path: list[str], expand: bool = False
    ) -> tuple[int, int, int, int] | None:
        """Where a menu item is on screen (the menu must be open), by its labels from the top;
        ``expand``: open the submenus on the way."""
        script = ITEM_BOX % {
            "key": json.dumps(key),
            "path": json.dumps(path),
            "expand": json.dumps(expand),
        }
        found = self.eval(script)
        if not found or not found[4] or None in found[:4]:
            return None  # not there, or not laid out yet
        x, y, w, h = (round(v) for v in found[:4])
        return x, y, w, h

    def click_item(self, key: str, path: list[str]) -> None:
        """Click a menu item as a user does (xdotool), the menu and its submenus opened first."""
        if not self.is_open(key):
            self.open_menu(key)
        self.click(lambda: self.item_box(key, path, expand=True), f"menu item {path}")

    def click(self, where: Callable[[], Box | None], what: str) -> None:
        """Click the middle of ``where()`` once it is laid out (the same box twice in a row)."""
        box = wait_for(stable(where), 10, interval=0.2)
        if not box:
            raise AssertionError(f"GNOME shows no {what}")
        x, y, w, h = box
        self.session.click(x + w // 2, y + h // 2, 1)

    def icon_box(self, key: str) -> tuple[int, int, int, int] | None:
        found = self.indicators().get(key)
        if found is None or None in found["box"]:
            return None  # not there, or not laid out yet
        x, y, w, h = (round(v) for v in found["box"])
        return x, y, w, h

    def screenshot(self, path: Path, box: tuple[int, int, int, int]) -> Path:
        """The Shell's own screenshot of ``box`` (the root window is black under the compositor).

        The Shell never overwrites a file: it picks another name, which it returns."""
        x, y, w, h = box
        path.unlink(missing_ok=True)
        ok, used = self._call(
            "org.gnome.Shell.Screenshot",
            "/org/gnome/Shell/Screenshot",
            "org.gnome.Shell.Screenshot",
            "ScreenshotArea",
            "iiiibs",
            x,
            y,
            w,
            h,
            False,
            str(path),
        )
        if not ok:
            raise ShellError(f"no screenshot of {box}")
        return Path(str(used))

    def notifications(self) -> list[dict[str, Any]]:
        return list(self.eval(READ_NOTIFICATIONS) or [])

    def message_box(self, title: str) -> Box | None:
        """Where the message list shows the notification titled ``title`` (it opens the list)."""
        return as_box(self.eval(MESSAGE_BOX % json.dumps(title)))

    def banner_button_box(self, label: str) -> Box | None:
        """Where the banner on screen has its button ``label``."""
        banner = self.banner()
        buttons = banner["buttons"] if banner and banner["mapped"] else []
        return next((as_box(b["box"]) for b in buttons if b["label"] == label), None)

    def pointed_banner_button_box(self, label: str) -> Box | None:
        """:meth:`banner_button_box`, the pointer moved onto the banner while it has none: a
        banner shows its buttons when pointed at, and one still sliding in (a loaded machine)
        has moved from under the pointer."""
        found = self.banner_button_box(label)
        banner = self.banner() if found is None else None
        if banner is not None and None not in banner["box"]:
            x, y, w, h = (round(v) for v in banner["box"])
            self.session.run("xdotool", "mousemove", str(x + w // 2), str(y + h // 2))
        return found

    def set_appindicator(self, enabled: bool) -> None:
        """Turn the AppIndicator extension on or off, as a user does in Extensions; returns
        once its watcher is on the bus (or gone)."""
        verb = "enableExtension" if enabled else "disableExtension"
        self.eval(f"Main.extensionManager.{verb}({json.dumps(APPINDICATOR)}); true")
        env = self.session.full_env()
        if not wait_for(lambda: sni_watcher_present(env) == enabled, 20):
            raise RuntimeError(f"the extension's watcher did not {'come' if enabled else 'go'}")

    def clear_notifications(self) -> None:
        """Drop every notification so far (the Shell's own about root, unsafe mode...)."""
        self.eval("Main.messageTray.getSources().forEach(s => s.destroy()); true")

    def banner(self) -> dict[str, Any] | None:
        found = self.eval(READ_BANNER)
        return None if found is None else dict(found)

    def tray_errors(self) -> list[str]:
        """JavaScript errors and the extension's own warnings in the Shell's log."""
        return tray_errors(self.log.read_text(errors="replace") if self.log.exists() else "")

    def close(self) -> None:
        if self._bus is not None:
            self._bus.close()
            self._bus = None


Box = tuple[int, int, int, int]


def as_box(found: Any) -> Box | None:
    """(x, y, w, h) from the Shell's numbers; None when an actor is not laid out yet."""
    if not found or None in found[:4]:
        return None
    x, y, w, h = (round(v) for v in found[:4])
    return x, y, w, h


def stable(where: Callable[[], Box | None]) -> Callable[[], Box | None]:
    """A predicate that gives ``where()`` once it is the same twice in a row."""
    last: list[Box | None] = [None]

    def check() -> Box | None:
        box, last[0] = last[0], where()
        return box if box is not None and box == last[0] else None

    return check


def tray_errors(log: str) -> list[str]:
    """The log's blocks that come from the AppIndicator extension: its warnings and criticals
    (domain ``Ubuntu-AppIndicators``) and JS errors whose stack passes through it."""
    blocks: list[str] = []
    current: list[str] = []
    for line in log.splitlines():
        starts = "JS ERROR" in line or "JS WARNING" in line or "Ubuntu-AppIndicators-" in line
        if starts or not line.strip() or "**" in line:
            if current:
                blocks.append("\n".join(current))
            current = [line] if starts else []
        elif current:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return [b for b in blocks if "Ubuntu-AppIndicators" in b or APPINDICATOR in b]


def gnome_label(label: str) -> str:
    """A dbusmenu label as the extension shows it: it drops the first underscore that precedes
    another character, and only that one (``replace(/_([^_])/, '$1')`` in dbusMenu.js)."""
    return re.sub(r"_([^_])", r"\1", label, count=1)


def shown_lines(items: list[dict[str, Any]], depth: int = 0) -> list[str]:
    """The Shell's menu as lines: label, "[off]" when disabled, "[x]" when checked, indented
    submenus; "-" for a separator. Hidden items are left out, as the user does not see them."""
    lines: list[str] = []
    for item in items:
        if not item.get("visible", True):
            continue
        if item.get("separator"):
            lines.append("  " * depth + "-")
            continue
        flags = ("" if item["enabled"] else " [off]") + (" [x]" if item["checked"] else "")
        lines.append("  " * depth + item["label"] + flags)
        lines += shown_lines(item.get("children", []), depth + 1)
    return lines


def wait_until_shown(
    shell: GnomeShell, key: str, expected: Any, timeout: float = 15
) -> tuple[bool, float]:
    """Wait for the Shell's menu to equal ``expected()`` (re-read each time); (equal, seconds)."""
    started = time.monotonic()
    ok = wait_for(lambda: shown_lines(shell.menu(key) or []) == expected(), timeout, interval=0.1)
    return bool(ok), time.monotonic() - started


def one_start(
    session: DesktopSession, shell: GnomeShell, workdir: Path, server_url: str, settle: float = 3
) -> str | None:
    """Start the app once and check, in the Shell, that its item is in the top bar with its
    menu, and still is ``settle`` seconds later (the extension gave up on an item one second
    after it registered). None when it is; else what went wrong. The app is stopped after."""
    from tests.e2e.app_runner import start_app, stop
    from tests.e2e.sni_probe import SniProbe

    errors = len(shell.tray_errors())
    app = start_app(session, workdir, server_url, backend=None, interval=60)
    probe = SniProbe(session.env["DBUS_SESSION_BUS_ADDRESS"], app.pid)

    def shown() -> bool:
        key = shell.indicator_key(probe.names())
        found = shell.indicators().get(key or "")
        return bool(found and found["visible"] and found["items"])

    try:
        if not wait_for(shown, 30):
            return f"never shown: {shell.indicators()}"
        time.sleep(settle)
        if not shown():
            return f"gone after {settle} s: {shell.tray_errors()[errors:]}"
        if shell.tray_errors()[errors:]:
            return f"the extension complained: {shell.tray_errors()[errors:]}"
        return None
    finally:
        names = probe.names()
        probe.close()
        stop(app)
        wait_for(lambda: shell.indicator_key(names) is None, 10)
