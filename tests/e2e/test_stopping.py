"""Stopping the app's processes as users do, on one virtual desktop (Xvfb, a private session bus
with the notification recorder, trayer): Ctrl+C typed in a real terminal (a pty) and SIGTERM
end ``demo``, ``details``, ``settings`` and ``about`` cleanly (no traceback; the demo says what
it replays when it starts, and ends with its closing line and without its temporary folder);
windows the tray opens die on SIGTERM and close when that tray is stopped. Without a display
the window commands say so in one line and fail."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dbus
import pytest

from tests.e2e.app_runner import SUMMARY, app_env, start_app, stop, window_running
from tests.e2e.desktop_session import DesktopSession
from tests.e2e.terminal import Terminal
from tests.statusserver import StatusServer, wait_for
from trayapp.core.identity import (
    CONTROL_BUS_NAME,
    CONTROL_INTERFACE,
    CONTROL_PATH,
    WINDOWS_APP_ID,
)

pytestmark = pytest.mark.desktop

ROOT = Path(__file__).resolve().parents[2]
STOP_BITS = (1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1))


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DesktopSession]:
    with DesktopSession(tmp_path_factory.mktemp("desktop"), host="trayer") as session:
        yield session


@pytest.fixture(scope="module")
def server() -> Iterator[StatusServer]:
    with StatusServer() as s:
        s.set_fixture(SUMMARY, "statuspage/healthy.json")
        yield s


def terminal_env(desktop: DesktopSession, tmp: Path) -> dict[str, str]:
    env = app_env(desktop, tmp)
    (tmp / "tmp").mkdir()
    env["TMPDIR"] = str(tmp / "tmp")  # where the demo's temporary folder goes
    env["NO_AT_BRIDGE"] = "1"  # no accessibility bus here: GTK 3 would say so in the terminal
    return env


def config_for(tmp: Path, server: StatusServer) -> Path:
    config = tmp / "config.toml"
    config.write_text(
        "poll_interval = 5\n[catalogue]\nenabled = []\n[[providers]]\n"
        f'id = "claude"\nname = "Claude"\ntype = "statuspage"\nurl = "{server.url}"\n'
    )
    return config


def shows_a_window(desktop: DesktopSession, pid: int) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--all", "--onlyvisible", "--pid", str(pid), "--name", "."],
        env=desktop.full_env(),
        capture_output=True,
        text=True,
    )
    return bool(found.stdout.split())


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_the_demo_says_what_it_replays_and_stops_cleanly(
    desktop: DesktopSession, tmp_path: Path, how: str
) -> None:
    env = terminal_env(desktop, tmp_path)
    args = [sys.executable, "-m", "trayapp", "demo", "--speed", "20"]
    term = Terminal(args, env, cwd=str(ROOT))
    try:
        assert term.wait_for_text("Ctrl+C to stop.", 60), term.output
        first = next(line for line in term.output.splitlines() if line.startswith("Demo"))
        assert re.fullmatch(
            r"Demo: ChatGPT, 8 November 2024: half an hour down — replayed at 20×, "
            r"for about \d+ min\. Ctrl\+C to stop\.",
            first,
        ), first
        assert list((tmp_path / "tmp").glob("ai-status-tray-demo-*")), "no temporary folder"
        interrupt(term, how)
        assert term.wait(60) == 0, term.output
    finally:
        term.close()
    assert "Traceback" not in term.output, term.output
    last = term.output.strip().splitlines()[-1].removeprefix("^C")  # the terminal echoes it
    assert last.startswith("Demo over (ChatGPT, 8 November 2024: half an hour down)."), last
    assert not list((tmp_path / "tmp").iterdir()), "the temporary folder was left behind"


@pytest.mark.parametrize(
    ("window", "how"), [("details", "ctrl-c"), ("settings", "sigterm"), ("about", "ctrl-c")]
)
def test_a_window_from_a_terminal_stops_cleanly(
    desktop: DesktopSession, server: StatusServer, tmp_path: Path, window: str, how: str
) -> None:
    env = terminal_env(desktop, tmp_path)
    config = config_for(tmp_path, server)
    args = [sys.executable, "-m", "trayapp", window, "--config", str(config)]
    term = Terminal(args, env, cwd=str(ROOT))
    try:
        assert wait_for(lambda: shows_a_window(desktop, term.pid), 60), term.output
        interrupt(term, how)
        assert term.wait(30) == 0, term.output
    finally:
        term.close()
    assert "Traceback" not in term.output, term.output
    assert not window_running(env), "the window's process is still on the bus"


def interrupt(term: Terminal, how: str) -> None:
    """Stop what runs in ``term`` as a user does: Ctrl+C typed, or SIGTERM (a logout, systemd)."""
    if how == "ctrl-c":
        term.ctrl_c()
    else:
        term.signal(signal.SIGTERM)


def windows_pid(env: dict[str, str]) -> int | None:
    bus = dbus.bus.BusConnection(env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        if not bus.name_has_owner(WINDOWS_APP_ID):
            return None
        daemon = bus.get_object("org.freedesktop.DBus", "/org/freedesktop/DBus")
        return int(
            daemon.GetConnectionUnixProcessID(WINDOWS_APP_ID, dbus_interface="org.freedesktop.DBus")
        )
    finally:
        bus.close()


def show_window(env: dict[str, str], name: str) -> None:
    """What the tray's menu does: ShowWindow on its control channel."""
    bus = dbus.bus.BusConnection(env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        tray = bus.get_object(CONTROL_BUS_NAME, CONTROL_PATH)
        tray.ShowWindow(name, dbus_interface=CONTROL_INTERFACE)
    finally:
        bus.close()


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent counts as ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def blocked_signals(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^SigBlk:\s*([0-9a-f]+)$", status, re.M).group(1), 16)  # type: ignore[union-attr]


def test_windows_the_tray_opens_die_on_sigterm_and_close_with_the_tray(
    desktop: DesktopSession, server: StatusServer, tmp_path: Path
) -> None:
    config_for(tmp_path, server)
    tray = start_app(desktop, tmp_path, server.url, keep_config=True)
    env = app_env(desktop, tmp_path)
    try:
        assert wait_for(lambda: desktop.icon_colour() == "green", 60), "the tray never showed"
        show_window(env, "details")
        pid = wait_for(lambda: windows_pid(env), 60)
        assert pid, "the details window never started"
        assert wait_for(lambda: shows_a_window(desktop, pid), 60)
        assert blocked_signals(pid) & STOP_BITS == 0, hex(blocked_signals(pid))
        os.kill(pid, signal.SIGTERM)
        assert wait_for(lambda: not alive(pid), 30), "SIGTERM did not end the window"

        show_window(env, "settings")
        pid = wait_for(lambda: windows_pid(env), 60)
        assert pid, "the settings window never started"
        assert wait_for(lambda: shows_a_window(desktop, pid), 60)
        tray.terminate()  # logout, `kill`: the tray goes, and its windows with it
        assert wait_for(lambda: not alive(pid), 30), "the window outlived its tray"
    finally:
        err = stop(tray)
    assert "Traceback" not in err, err
    log = (tmp_path / "home" / "state" / "ai-status-tray" / "log" / "windows.log").read_text()
    assert "received SIGTERM: closing the windows" in log
    assert "the tray that opened these windows has quit: closing them" in log


@pytest.mark.parametrize("window", ["details", "settings", "about"])
def test_without_a_display_a_window_command_says_so_in_one_line(home: Path, window: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-m", "trayapp", window],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 69, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        "AI Status Tray: no display (DISPLAY and WAYLAND_DISPLAY are unset), so no window can open; "
    )
    assert result.stdout == ""
