"""A private D-Bus bus standing in for the system bus, with a fake NetworkManager on it.

``with SystemBus(tmp_path, metered=1) as bus:`` — ``bus.address`` goes into the app's
``DBUS_SYSTEM_BUS_ADDRESS``; ``bus.set_metered(2)`` changes what NetworkManager says.
NMMetered: 0 unknown, 1 yes, 2 no, 3 guess-yes, 4 guess-no. ``metered=None``: no NetworkManager
runs, but the bus would start one if asked (``bus.activated()`` tells); ``hang=True``: it never
answers, and ``bus.asked`` is set once a question reached it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import dbus

HERE = Path(__file__).parent
# A system bus's own policy would refuse a test's service; this one lets everything through.
CONFIG = """<busconfig><type>session</type><listen>unix:dir={sockdir}</listen>
<servicedir>{sockdir}/services</servicedir><auth>EXTERNAL</auth><policy context="default"><allow user="*"/><allow own="*"/>
<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy></busconfig>
"""


class SystemBus:
    def __init__(self, workdir: Path, metered: int | None = 1, hang: bool = False) -> None:
        self.workdir = workdir / "system-bus"
        self.metered = metered
        self.hang = hang
        self.address = ""
        self.procs: list[subprocess.Popen[Any]] = []
        self.asked = threading.Event()
        self._started = self.workdir / "networkmanager-started"

    def activated(self) -> bool:
        """Whether the bus was made to start NetworkManager (only when none runs)."""
        return self._started.exists()

    def __enter__(self) -> SystemBus:
        if shutil.which("dbus-daemon") is None:
            raise RuntimeError("dbus-daemon is missing: run scripts/test, which installs it")
        self.workdir.mkdir(parents=True)
        self._activatable()
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
            threading.Thread(target=self._listen, args=(fake.stdout,), daemon=True).start()
        return self

    def _activatable(self) -> None:
        """A service file as a system would have one: asking for NetworkManager while none runs
        starts this instead, which only leaves a mark (and exits without taking the name)."""
        services = self.workdir / "services"
        services.mkdir()
        start = self.workdir / "start-networkmanager"
        start.write_text(f"#!/bin/sh\ntouch '{self._started}'\n")
        start.chmod(0o755)
        (services / "org.freedesktop.NetworkManager.service").write_text(
            f"[D-BUS Service]\nName=org.freedesktop.NetworkManager\nExec={start}\n"
        )

    def _listen(self, said: Any) -> None:
        for line in said:
            if line.strip() == "asked":
                self.asked.set()

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
