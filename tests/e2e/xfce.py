"""xfce4-panel 4.18 on the test's Xvfb: one panel along the top with the systray plugin, which
hosts StatusNotifierItems (it owns org.kde.StatusNotifierWatcher) and XEmbed icons alike.

The plugin runs in a wrapper process (``libsystray`` on its command line); a crash shows as a new
wrapper PID and "automatically restarted after crash" in the panel's output."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.e2e.processes import sni_watcher_present
from tests.statusserver import wait_for

if TYPE_CHECKING:
    from tests.e2e.desktop_session import DesktopSession

# Debian puts it under the multiarch directory (x86_64-linux-gnu, aarch64-linux-gnu, ...).
XFCONFD = next(
    (str(p) for p in sorted(Path("/usr/lib").glob("*/xfce4/xfconf/xfconfd"))),
    "/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd",
)
PANEL_HEIGHT = 28

CHANNEL = f"""<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="{PANEL_HEIGHT}"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="systray"/>
  </property>
</channel>
"""


class XfcePanel:
    def __init__(self, session: DesktopSession) -> None:
        self.session = session
        self.log = session.workdir / "xfce4-panel.log"
        self.proc: subprocess.Popen[Any] | None = None

    def start(self) -> None:
        config = Path(self.session.workdir / "xfce-config")
        channel = config / "xfce4" / "xfconf" / "xfce-perchannel-xml" / "xfce4-panel.xml"
        channel.parent.mkdir(parents=True)
        channel.write_text(CHANNEL)
        self.session.env["XDG_CONFIG_HOME"] = str(config)
        self.session._spawn([XFCONFD], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with self.log.open("w") as out:
            self.proc = self.session._spawn(
                ["xfce4-panel", "--disable-wm-check"], stdout=out, stderr=subprocess.STDOUT
            )
        if not wait_for(self.watcher_ready, 30):
            raise RuntimeError(f"xfce4-panel's tray did not start:\n{self.log.read_text()}")

    def watcher_ready(self) -> bool:
        return sni_watcher_present(self.session.full_env())

    def plugin_pids(self) -> set[int]:
        """PIDs of the systray plugin's wrapper processes (a crash replaces the PID)."""
        pids = set()
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmdline = (proc / "cmdline").read_bytes()
                environ = (proc / "environ").read_bytes()
            except OSError:
                continue
            display = f"DISPLAY={self.session.env['DISPLAY']}\0".encode()
            if b"libsystray" in cmdline and display in environ:
                pids.add(int(proc.name))
        return pids

    def crashes(self) -> list[str]:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [
            line
            for line in text.splitlines()
            if "restarted after crash" in line or "unexpectedly left" in line
        ]
