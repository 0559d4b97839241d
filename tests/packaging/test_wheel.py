"""The wheel and sdist build, carry their data, and install into a fresh venv that works.

The venv is made without --system-site-packages: what a plain ``pipx install`` gives, with no
PyGObject. The one-shot commands must work there, and the tray must tell the user how to get
its menu back.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from tests.e2e.desktop_session import DesktopSession
from tests.packaging.artefacts import ROOT, SUMMARY, private_env, project_version, write_config
from tests.packaging.demo_check import SCENARIOS, assert_demo_lists_and_replays
from tests.statusserver import StatusServer, wait_for

DEBIAN_FIX = (
    "install python3-gi and gir1.2-ayatanaappindicator3-0.1, then "
    "`pipx install --system-site-packages ai-status-tray`, or use the .deb"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m build``: the sdist, then the wheel built from that sdist."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@pytest.fixture(scope="module")
def venv(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("venv") / "venv"
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
    subprocess.run([python, "-m", "venv", str(where)], check=True, timeout=120)
    (wheel,) = built.glob("*.whl")
    subprocess.run(
        [
            str(where / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return where


def test_the_wheel_carries_the_catalogue_icons_desktop_entry_and_man_page(built: Path):
    version = project_version()
    (wheel,) = built.glob(f"ai_status_tray-{version}-py3-none-any.whl")
    assert (built / f"ai_status_tray-{version}.tar.gz").exists()
    names = set(zipfile.ZipFile(wheel).namelist())
    data = f"ai_status_tray-{version}.data/data/share/"
    assert "trayapp/settings/catalogue.toml" in names
    for scenario in SCENARIOS:
        assert f"trayapp/demo/scenarios/{scenario}.toml" in names
    for lang in ("en", "id"):  # the translations, compiled by the build
        assert f"trayapp/locale/{lang}/LC_MESSAGES/ai-status-tray.mo" in names
    assert data + "applications/ai-status-tray.desktop" in names
    assert data + "man/man1/ai-status-tray.1" in names
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        assert f"{data}icons/hicolor/{size}x{size}/apps/ai-status-tray.png" in names
    assert not [n for n in names if n.startswith(("tests/", "bench/", "packaging/"))]


def test_the_installed_wheel_reports_status_from_a_loopback_page(venv: Path, tmp_path: Path):
    app = str(venv / "bin" / "ai-status-tray")
    env = private_env(tmp_path / "home")
    version = subprocess.run(
        [app, "--version"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert version.stdout.strip() == f"ai-status-tray {project_version()}"

    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/outage.json")
        config = write_config(tmp_path / "config.toml", server.url)
        result = subprocess.run(
            [app, "status", "--json", "--config", str(config)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=60,
        )
    assert result.returncode == 2, result.stderr
    data = json.loads(result.stdout)
    assert data["overall"] == "major_outage"
    assert data["providers"][0]["name"] == "Claude"
    assert data["providers"][0]["incidents"][0]["title"] == "Claude API unavailable"

    providers = subprocess.run(
        [app, "providers"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert providers.returncode == 0, providers.stderr
    assert "openai" in providers.stdout and "anthropic" in providers.stdout  # the catalogue


def test_the_installed_wheel_replays_the_demo_without_a_display(venv: Path, tmp_path: Path):
    assert_demo_lists_and_replays([str(venv / "bin" / "ai-status-tray")], tmp_path)


@pytest.mark.desktop
def test_without_pygobject_the_tray_says_once_how_to_get_its_menu(venv: Path, tmp_path: Path):
    with DesktopSession(tmp_path) as desktop, StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        config = write_config(tmp_path / "config.toml", server.url, interval=1)
        app = subprocess.Popen(
            [str(venv / "bin" / "ai-status-tray"), "--config", str(config)],
            env=private_env(tmp_path / "home", **desktop.env),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(app.stderr or []), daemon=True)
        reader.start()
        try:
            assert wait_for(lambda: any("no menu" in line for line in lines), 20), lines
            time.sleep(3)  # three polls later it has still been said once only
        finally:
            app.terminate()
            try:
                app.wait(timeout=10)
            except subprocess.TimeoutExpired:
                app.kill()
            reader.join(timeout=5)
    said = [line for line in lines if "no menu" in line]
    assert len(said) == 1, lines
    assert said[0].startswith("AI Status Tray: the tray icon has no menu")
    assert DEBIAN_FIX in said[0]
    assert "\n" not in said[0].rstrip("\n")
    # The xorg icon itself runs: its Latin-1-only title ("checking…") no longer makes the tray
    # fail over to the terminal view.
    assert not [line for line in lines if "terminal view" in line or "Error" in line], lines
