"""NetworkManager's Metered flag, read over a real D-Bus bus standing in for the system bus
(its address from DBUS_SYSTEM_BUS_ADDRESS, as the app takes it), bounded in time."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from tests.system_bus import SystemBus
from trayapp.polling import metered


@pytest.mark.parametrize(("flag", "expected"), [(1, True), (3, True), (2, False), (4, False)])
def test_networkmanager_says_whether_the_connection_is_metered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: int, expected: bool
):
    with SystemBus(tmp_path, metered=flag) as bus:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address)
        assert asyncio.run(metered.is_metered(metered.networkmanager)) is expected


def test_a_change_is_seen_on_the_next_question(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with SystemBus(tmp_path, metered=2) as bus:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address)
        assert metered.networkmanager() is False
        bus.set_metered(3)  # tethered to a phone: NetworkManager guesses "yes"
        assert metered.networkmanager() is True
        bus.set_metered(0)
        assert metered.networkmanager() is None  # unknown is not "metered"


def test_no_networkmanager_and_no_bus_mean_not_known_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    with SystemBus(tmp_path, metered=None) as bus:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address)
        started = time.monotonic()
        assert asyncio.run(metered.is_metered(metered.networkmanager)) is None
        assert time.monotonic() - started < metered.TIMEOUT  # never waits to start a service
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path}/nothing-here")
    assert asyncio.run(metered.is_metered(metered.networkmanager)) is None


def test_a_networkmanager_that_never_answers_costs_at_most_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    with SystemBus(tmp_path, metered=1, hang=True) as bus:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address)
        started = time.monotonic()
        assert asyncio.run(metered.is_metered(metered.networkmanager, timeout=1.0)) is None
        assert time.monotonic() - started < 5
