"""``ai-status-tray demo`` from an installed artefact: the scenarios are its package data (in
the frozen binary too), the replay runs to its closing line in the terminal and, on a virtual
desktop, on the tray with its notifications; nothing of the user's is written."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.e2e.desktop_session import DesktopSession
from tests.packaging.artefacts import private_env

SCENARIOS = ["chatgpt-nov-2024", "openai-dec-2024", "openai-jul-2025", "openai-anthropic-feb-2026"]


def assert_demo_lists_and_replays(command: list[str], tmp_path: Path) -> None:
    home = tmp_path / "demo-home"
    env = {
        k: v
        for k, v in private_env(home, TZ="Asia/Jakarta").items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY")
    }
    listing = subprocess.run(
        [*command, "demo", "--list"], env=env, capture_output=True, text=True, timeout=120
    )
    assert listing.returncode == 0, listing.stderr
    names = [line[2:].split()[0] for line in listing.stdout.splitlines()[: len(SCENARIOS)]]
    assert names == SCENARIOS, listing.stdout
    replay = subprocess.run(
        [*command, "demo", "--speed", "1800"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert replay.returncode == 0, replay.stderr
    closing = replay.stdout.strip().splitlines()[-1]
    assert closing.startswith("Demo over (ChatGPT, 8 November 2024: half an hour down). "), closing
    assert "“ChatGPT: major outage” at 07:" in closing and "“ChatGPT is back — down " in closing
    assert not (home / "data" / "ai-status-tray").exists()


def assert_demo_runs_on_the_tray(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "desktop").mkdir()
    with DesktopSession(tmp_path / "desktop") as desktop:
        home = tmp_path / "tray-home"
        app = subprocess.run(
            [*command, "demo", "--speed", "1200"],
            env=private_env(home, TZ="Asia/Jakarta", **desktop.env),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=180,
        )
        notes = [n["summary"] for n in desktop.notifications()]
    assert app.returncode == 0, app.stderr
    assert "Traceback" not in app.stderr, app.stderr
    assert notes[0] == "ChatGPT: major outage" and notes[-1].startswith("ChatGPT is back — down")
    assert app.stdout.strip().splitlines()[-1].startswith("Demo over (ChatGPT, 8 November 2024")
    assert os.listdir(home / "data") == []
