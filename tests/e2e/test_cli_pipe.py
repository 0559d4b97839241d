"""`ai-status-tray status | head`, `history | head`: a reader that stops early gets no
traceback from any command that prints, and `status`'s exit code is still the state's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli import SUMMARY, provider, write_config
from tests.statusserver import StatusServer


def test_status_into_a_closed_pipe_exits_quietly_with_the_states_code(
    server: StatusServer, home: Path
):
    server.set_fixture(SUMMARY, "statuspage/outage.json")
    config = write_config(home / "c.toml", [provider("down", server.url)])
    proc = subprocess.Popen(
        [sys.executable, "-m", "trayapp", "status", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # like `head -0`: gone before the table is written
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert err == ""


@pytest.mark.parametrize(
    "args",
    [
        ["history"],
        ["history", "--json"],
        ["providers"],
        ["providers", "--json"],
        ["config"],
        ["demo", "--list"],
        ["--help"],
    ],
)
def test_every_command_that_prints_into_a_closed_pipe_exits_quietly(home: Path, args: list[str]):
    read, write = os.pipe()
    os.close(read)  # like `head -0`: the reader is gone before anything is written
    try:
        result = subprocess.run(
            [sys.executable, "-m", "trayapp", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert result.stderr == ""
    assert result.returncode == 0
