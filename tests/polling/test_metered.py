"""NetworkManager's Metered flag, read over a real D-Bus bus standing in for the system bus
(its address from DBUS_SYSTEM_BUS_ADDRESS, as the app takes it), bounded in time."""

from __future__ import annotations

import asyncio
import os
import threading
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


def test_no_networkmanager_and_no_bus_mean_not_known_and_nothing_is_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The bus could start NetworkManager (as a system's would): asking it must not, since
    # starting a service can take the whole timeout, every poll.
    with SystemBus(tmp_path, metered=None) as bus:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address)
        assert asyncio.run(metered.is_metered(metered.networkmanager)) is None
        assert not bus.activated()
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path}/nothing-here")
    assert asyncio.run(metered.is_metered(metered.networkmanager)) is None


def test_a_networkmanager_that_never_answers_means_not_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    with SystemBus(tmp_path, metered=1, hang=True) as bus:
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", bus.address)
        assert asyncio.run(metered.is_metered(metered.networkmanager, timeout=0.5)) is None
        assert bus.asked.is_set()  # it was asked, and the wait for its answer ended


def test_a_question_that_hangs_for_good_holds_up_neither_polling_nor_more_threads():
    asked: list[float] = []
    released = threading.Event()

    def hangs(timeout: float) -> bool | None:  # a bus or PowerShell that ignores its timeout
        asked.append(timeout)
        released.wait()
        return True

    try:
        assert asyncio.run(metered.is_metered(hangs, timeout=0.1)) is None
        assert asked == [0.1] and not released.is_set()  # answered while the question hangs
        assert asyncio.run(metered.is_metered(hangs, timeout=0.1)) is None
        assert asked == [0.1]  # the next poll did not start a second question
    finally:
        released.set()
        with metered._asking:  # the question ended: the next test may ask
            pass


def test_the_suite_and_the_apps_it_starts_never_ask_the_host_s_networkmanager(tmp_path: Path):
    from tests.e2e.app_runner import app_env

    address = os.environ["DBUS_SYSTEM_BUS_ADDRESS"]  # tests/conftest.py
    assert address.startswith("unix:path=")
    assert not Path(address.removeprefix("unix:path=")).exists()
    assert metered.networkmanager() is None

    class Host:  # a desktop on a machine whose system bus is right there
        def full_env(self) -> dict[str, str]:
            return {"DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={metered.SYSTEM_SOCKET}"}

    env = app_env(Host(), tmp_path)
    assert not Path(env["DBUS_SYSTEM_BUS_ADDRESS"].removeprefix("unix:path=")).exists()
    stand_in = "unix:path=/tmp/a-stand-in"
    assert app_env(Host(), tmp_path, system_bus=stand_in)["DBUS_SYSTEM_BUS_ADDRESS"] == stand_in
