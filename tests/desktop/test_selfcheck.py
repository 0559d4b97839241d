"""The start-up self-check: what it says, for which system, and the real bus it asks."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.e2e.desktop_session import BUS_CONFIG, DesktopSession
from tests.statusserver import StatusServer, wait_for
from trayapp.desktop import selfcheck
from trayapp.views import details

DEBIAN = {"ID": "debian"}
UBUNTU = {"ID": "ubuntu", "ID_LIKE": "debian"}
FEDORA = {"ID": "fedora"}
ARCH = {"ID": "arch"}
PIPX = "`pipx install --system-site-packages ai-status-tray`"


def test_all_well_says_nothing():
    assert selfcheck.problems("appindicator", "dbus", True, DEBIAN) is None
    assert selfcheck.problems("gtk", "notify-send", None, FEDORA) is None


@pytest.mark.parametrize(
    ("os_release", "fix"),
    [
        (
            DEBIAN,
            f"install python3-gi and gir1.2-ayatanaappindicator3-0.1, then {PIPX}, or use the .deb",
        ),
        (
            UBUNTU,
            f"install python3-gi and gir1.2-ayatanaappindicator3-0.1, then {PIPX}, or use the .deb",
        ),
        (FEDORA, f"install python3-gobject and libayatana-appindicator-gtk3, then {PIPX}"),
        (ARCH, f"install python-gobject and libayatana-appindicator, then {PIPX}"),
        (
            {},
            f"install PyGObject and the AyatanaAppIndicator 0.1 typelib from your distribution, then {PIPX}",
        ),
    ],
)
def test_xorg_only_gives_one_line_with_the_fix_for_this_system(os_release, fix):
    line = selfcheck.problems("xorg", "notify-send", None, os_release)
    assert (
        line
        == f"AI Status Tray: the tray icon has no menu (only pystray's xorg backend is available): {fix}"
    )


def test_no_way_to_notify_and_no_service_are_named():
    line = selfcheck.problems("appindicator", None, None, DEBIAN)
    assert line == (
        "AI Status Tray: notifications cannot be sent (no dbus-python, no notify-send): "
        "install python3-dbus"
    )
    line = selfcheck.problems("appindicator", "dbus", False, ARCH)
    assert line is not None and "no notification service answers" in line
    both = selfcheck.problems("xorg", "dbus", False, DEBIAN)
    assert both is not None and "no menu" in both and "no notification service" in both
    assert "\n" not in both


@pytest.fixture
def bare_bus(tmp_path: Path) -> Iterator[str]:
    """A real session bus with nothing on it but the bus itself, and nothing it can start: the
    system's own service files (Plasma's, xfce4-notifyd's notification servers) are not read."""
    (tmp_path / "sockets").mkdir()
    (tmp_path / "no-services").mkdir()
    config = tmp_path / "bare-bus.conf"
    config.write_text(
        BUS_CONFIG.format(sockdir=tmp_path / "sockets", servicedir=tmp_path / "no-services")
    )
    proc = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    try:
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def ask_bus(address: str) -> str:
    """_has_notification_service in a fresh process: dbus-python keeps one session bus each."""
    code = "from trayapp.desktop import selfcheck; print(selfcheck._has_notification_service())"
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    ).stdout.strip()


def test_the_real_bus_is_asked_for_a_notification_service(bare_bus: str, tmp_path: Path):
    assert ask_bus(bare_bus) == "False"
    assert ask_bus(f"unix:path={tmp_path}/no-such-socket") == "False"
    with DesktopSession(tmp_path) as desktop:  # its bus has a notification service on it
        assert ask_bus(desktop.env["DBUS_SESSION_BUS_ADDRESS"]) == "True"


def test_the_line_is_in_about():
    page = details.render(
        None, datetime(2026, 11, 30, tzinfo=UTC), version="1.2.3", notice="AI Status Tray: x & y"
    )
    footer = page.split('<footer id="about">', 1)[1]
    assert "1.2.3" in footer and "AI Status Tray: x &amp; y" in footer


class DesktopWithoutNotifications(DesktopSession):
    """Xvfb, trayer and a session bus on which nothing owns org.freedesktop.Notifications."""

    def _start_recorder(self) -> None:
        pass


@pytest.mark.desktop
def test_the_running_app_says_when_no_notification_can_arrive(
    tmp_path: Path, home: Path, server: StatusServer
):
    server.set_fixture("/api/v2/summary.json", "statuspage/healthy.json")
    config = tmp_path / "config.toml"
    config.write_text(
        '[catalogue]\nenabled = []\n[[providers]]\nid = "claude"\nname = "Claude"\n'
        f'type = "statuspage"\nurl = "{server.url}"\n'
    )
    with DesktopWithoutNotifications(tmp_path) as desktop:
        app = subprocess.Popen(
            [sys.executable, "-m", "trayapp", "--config", str(config)],
            env={**os.environ, **desktop.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(app.stderr or []), daemon=True)
        reader.start()
        try:
            assert wait_for(lambda: any("notification" in line for line in lines), 20), lines
        finally:
            app.kill()
            app.wait(timeout=10)
            reader.join(timeout=5)
    said = [line for line in lines if line.startswith("AI Status Tray:")]
    assert said == [
        "AI Status Tray: no notification service answers on the session bus "
        "(org.freedesktop.Notifications): notifications will not be shown until one runs "
        "(your desktop's, dunst or xfce4-notifyd)\n"
    ]
