"""A private D-Bus bus standing in for the system bus, with a fake NetworkManager on it.

``with SystemBus(tmp_path, metered=1) as bus:`` — ``bus.address`` goes into the app's
``DBUS_SYSTEM_BUS_ADDRESS``; ``bus.set_metered(2)`` changes what NetworkManager says.
NMMetered: 0 unknown, 1 yes, 2 no, 3 guess-yes, 4 guess-no.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import dbus

HERE = Path(__file__).parent
# A system bus's own policy would refuse a test's service; this one lets everything through.
CONFIG = """<busconfig><type>session</type><listen>unix:dir={sockdir}</listen>
<auth>EXTERNAL</auth><policy context="default"><allow user="*"/><allow own="*"/>
<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy></busconfig>
"""


class SystemBus:
    def __init__(self, workdir: Path, metered: int | None = 1, hang: bool = False) -> None:
        self.workdir = workdir / "system-bus"
        self.metered = metered
        self.hang = hang
        self.address = ""
        self.procs: list[subprocess.Popen[Any]] = []

    def __enter__(self) -> SystemBus:
        if shutil.which("dbus-daemon") is None:
            raise RuntimeError("dbus-daemon is missing: run scripts/test, which installs it")
        self.workdir.mkdir(parents=True)
        config = self.workdir / "bus.conf"
        config.write_text(CONFIG.format(sockdir=self.workdir))
        daemon = subprocess.Popen(
            ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.procs.append(daemon)
        assert daemon.stdout is not None
        self.address = daemon.stdout.readline().strip()
        if not self.address:
            self.__exit__()
            raise RuntimeError("dbus-daemon did not start")
        if self.metered is not None:
            args = [sys.executable, str(HERE / "fake_networkmanager.py"), self.address]
            fake = subprocess.Popen(
                [*args, str(self.metered), *(["--hang"] if self.hang else [])],
                stdout=subprocess.PIPE,
                text=True,
            )
            self.procs.append(fake)
            assert fake.stdout is not None
            if fake.stdout.readline().strip() != "ready":
                self.__exit__()
                raise RuntimeError("the fake NetworkManager did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def set_metered(self, value: int) -> None:
        bus = dbus.bus.BusConnection(self.address)
        try:
            manager = bus.get_object(
                "org.freedesktop.NetworkManager",
                "/org/freedesktop/NetworkManager",
                introspect=False,
            )
            manager.Set(
                "org.freedesktop.NetworkManager",
                "Metered",
                dbus.UInt32(value, variant_level=1),
                dbus_interface="org.freedesktop.DBus.Properties",
            )
        finally:
            bus.close()
