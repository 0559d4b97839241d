"""The settings window's widgets, built for real with GTK 4 on Xvfb (in a child process: see
tests/windows/gtk_checks.py): what they show, not only what they were given."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.desktop_session import DesktopSession
from tests.windows.gtk_checks import HOSTILE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    workdir = tmp_path_factory.mktemp("gtk")
    with DesktopSession(workdir, host=None, notifications=None) as desktop:
        yield desktop.full_env()


def check(env: dict[str, str], name: str, folder: Path) -> Any:
    home = {
        "HOME": str(folder / "home"),
        "XDG_CONFIG_HOME": str(folder / "home" / "config"),
        "XDG_DATA_HOME": str(folder / "home" / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.windows.gtk_checks", name, str(folder)],
        env={**env, **home, "GSK_RENDERER": "cairo"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_rows_show_page_and_user_text_as_written(display: dict[str, str], tmp_path: Path):
    found = check(display, "markup", tmp_path)
    assert found["rows_with_markup"] == []
    shown = found["texts"]
    for name in (*HOSTILE, "AT&T", found["path"]):
        assert name in shown, f"{name!r} is not shown as written"
    assert "config.toml.bak" in " ".join(shown)  # a group's description, escaped


def test_while_paused_the_pause_combo_says_so_and_not_paused_resumes(
    display: dict[str, str], tmp_path: Path
):
    found = check(display, "pause", tmp_path)
    assert found["shown"].startswith("Paused until ")
    assert found["paused_after"] is False


def test_the_windows_find_the_apps_icon_from_the_package_itself(
    display: dict[str, str], tmp_path: Path
):
    """No icon theme of this machine has it (an editable install, as pipx's venv): the windows
    add the tree the package ships, so the About window and every window's icon show it."""
    found = check(display, "icons", tmp_path)
    assert found["before"] is False, "a theme on this machine already has the icon: no test"
    assert found["after"] is True
    assert found["file"] == str(ROOT / "trayapp/icons/hicolor/128x128/apps/ai-status-tray.png")
