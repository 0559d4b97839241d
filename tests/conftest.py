from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests.statusserver import FIXTURES, StatusServer
from trayapp.core.model import ProviderSpec

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)

# The suite reads English unless a test asks for another language: the developer's own
# LANG/LANGUAGE must not change what the app says under test.
for _var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_var, None)
os.environ["LANG"] = "C.UTF-8"

# Hypothesis times each example (200 ms by default): on a machine shared by several test runs that
# is a timed test, which this suite never has. Speed targets live in bench/.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


def load_fixture(name: str) -> Any:
    path = FIXTURES / name
    if path.suffix == ".json":
        return json.loads(path.read_text())
    import xml.etree.ElementTree as ET

    return ET.fromstring(path.read_bytes())


def make_spec(
    type_: str = "statuspage", url: str = "https://status.example.com", **kw: Any
) -> ProviderSpec:
    kw.setdefault("id", type_)
    kw.setdefault("name", type_.title())
    return ProviderSpec(type=type_, url=url, **kw)


@pytest.fixture(autouse=True, scope="session")
def _no_host_system_bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Nothing under test asks the host's NetworkManager (on a metered laptop every poll would
    slow to the data saver's pace): the system bus is a socket that does not exist, for the
    suite and every process it starts. Tests that bring a stand-in system bus
    (``tests/system_bus.py``) set its address themselves."""
    missing = tmp_path_factory.mktemp("no-system-bus") / "socket"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={missing}")
        yield


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Whatever the app remembers (detected platforms, ...) never lands in the user's files."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def server() -> Iterator[StatusServer]:
    with StatusServer() as s:
        yield s


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private HOME and XDG dirs, so tests never touch the user's files."""
    for var, sub in (
        ("HOME", "home"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        (tmp_path / sub).mkdir(mode=0o700)
        monkeypatch.setenv(var, str(tmp_path / sub))
    return tmp_path
