"""The tray's control channel on a real session bus: what a window can ask, and what it cannot.

The channel runs in its own process (dbus-python keeps one main loop per process) with a
handler that prints every request; the test talks to it as a window does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dbus
import pytest

from tests.e2e.desktop_session import BUS_CONFIG
from trayapp.core.identity import CONTROL_BUS_NAME, CONTROL_INTERFACE, CONTROL_PATH

SERVER = """
import json, sys
from gi.repository import GLib
from trayapp.desktop.control_dbus import DbusControl

class Handler:
    def details_json(self):
        return json.dumps({"version": 1, "watched": True})
    def on_watching(self, watched):
        print(json.dumps(["watching", watched]), flush=True)
    def on_action(self, action):
        print(json.dumps([action.verb, action.arg]), flush=True)

channel = DbusControl(Handler(), lambda: print(json.dumps(["reload", None]), flush=True))
print(json.dumps(["ready", type(channel).__name__]), flush=True)
GLib.timeout_add(100, lambda: channel.publish("{}") or True)
GLib.MainLoop().run()
"""


@pytest.fixture
def bus_address(tmp_path: Path) -> Iterator[str]:
    """A private session bus that starts nothing of the system's."""
    (tmp_path / "sockets").mkdir()
    (tmp_path / "no-services").mkdir()
    config = tmp_path / "bus.conf"
    config.write_text(
        BUS_CONFIG.format(sockdir=tmp_path / "sockets", servicedir=tmp_path / "no-services")
    )
    daemon = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    try:
        yield daemon.stdout.readline().strip()
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)


@pytest.fixture
def tray(bus_address: str) -> Iterator[subprocess.Popen[str]]:
    env = {"DBUS_SESSION_BUS_ADDRESS": bus_address, "PATH": "/usr/bin:/bin"}
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER], env=env, stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    assert json.loads(server.stdout.readline()) == ["ready", "DbusControl"]
    yield server
    server.terminate()
    server.wait(timeout=5)


def said(server: subprocess.Popen[str]) -> list[Any]:
    assert server.stdout is not None
    return list(json.loads(server.stdout.readline()))


def connect(address: str) -> tuple[Any, Any]:
    bus = dbus.bus.BusConnection(address)
    return bus, bus.get_object(CONTROL_BUS_NAME, CONTROL_PATH)


def test_requests_reach_the_tray_as_its_menu_actions(bus_address: str, tray):
    bus, obj = connect(bus_address)
    obj.Refresh(dbus_interface=CONTROL_INTERFACE)
    assert said(tray) == ["refresh", None]
    obj.SetMuted("claude", True, dbus_interface=CONTROL_INTERFACE)
    assert said(tray) == ["mute", "claude"]
    obj.SetMuted("claude", False, dbus_interface=CONTROL_INTERFACE)
    assert said(tray) == ["unmute", "claude"]
    obj.Pause("tomorrow", dbus_interface=CONTROL_INTERFACE)
    assert said(tray) == ["pause", "tomorrow"]
    obj.Resume(dbus_interface=CONTROL_INTERFACE)
    assert said(tray) == ["resume", None]
    obj.ShowWindow("settings", dbus_interface=CONTROL_INTERFACE)
    assert said(tray) == ["settings", None]
    obj.ReloadSettings(dbus_interface=CONTROL_INTERFACE)
    assert said(tray) == ["reload", None]
    bus.close()


@pytest.mark.parametrize(
    ("method", "args"),
    [("Pause", ("forever",)), ("ShowWindow", ("terminal",)), ("SetMuted", ("", True))],
)
def test_bad_arguments_are_refused_and_change_nothing(bus_address: str, tray, method, args):
    bus, obj = connect(bus_address)
    with pytest.raises(dbus.exceptions.DBusException) as refused:
        getattr(obj, method)(*args, dbus_interface=CONTROL_INTERFACE)
    assert refused.value.get_dbus_name() == f"{CONTROL_INTERFACE}.Error.InvalidArgs"
    obj.Refresh(dbus_interface=CONTROL_INTERFACE)
    assert said(tray) == ["refresh", None]  # the refused call left no request behind
    bus.close()


def test_a_window_watches_from_its_first_question_until_it_leaves_the_bus(bus_address, tray):
    from gi.repository import Gio, GLib  # as the window asks: GDBus, signals on a main loop

    flags = (
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
        | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION
    )
    window = Gio.DBusConnection.new_for_address_sync(bus_address, flags, None, None)
    changes: list[str] = []
    window.signal_subscribe(
        CONTROL_BUS_NAME,
        CONTROL_INTERFACE,
        "DetailsChanged",
        CONTROL_PATH,
        None,
        Gio.DBusSignalFlags.NONE,
        lambda *args: changes.append(args[5].unpack()[0]),
    )
    context = GLib.MainContext.default()
    quiet_until = time.monotonic() + 0.5
    while time.monotonic() < quiet_until:
        context.iteration(False)
        time.sleep(0.02)
    assert changes == []  # published every 0.1 s, but nobody watched yet: nothing sent
    reply = window.call_sync(
        CONTROL_BUS_NAME,
        CONTROL_PATH,
        CONTROL_INTERFACE,
        "GetDetails",
        None,
        None,
        Gio.DBusCallFlags.NONE,
        5000,
        None,
    )
    assert json.loads(reply.unpack()[0])["watched"] is True
    assert said(tray) == ["watching", True]
    other, other_obj = connect(bus_address)
    other_obj.GetDetails(dbus_interface=CONTROL_INTERFACE)  # a second watcher: no new event
    other.close()
    deadline = time.monotonic() + 10
    while not changes and time.monotonic() < deadline:
        context.iteration(False)
        time.sleep(0.02)
    assert changes and changes[0] == "{}"  # the tray publishes while watched
    window.close_sync(None)
    assert said(tray) == ["watching", False]  # the last watcher left: nothing more is built
