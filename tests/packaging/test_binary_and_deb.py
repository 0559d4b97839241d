"""The single-file binary and the .deb, built by scripts/package as a release would be.

Slow (about two minutes): run with PACKAGE_TESTS=1, as .ci/run does.
"""

from __future__ import annotations

import gzip
import json
import platform
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.desktop_session import DesktopSession
from tests.packaging.artefacts import ROOT, SUMMARY, private_env, project_version, write_config
from tests.packaging.demo_check import assert_demo_lists_and_replays, assert_demo_runs_on_the_tray
from tests.packaging.tray_check import assert_tray_works
from tests.statusserver import StatusServer

# The module's first test also waits for the build (its fixture): over two minutes on a loaded
# 2-core machine, past the suite's 120 s per test; the build has its own 900 s limit.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1000)]


@dataclass(frozen=True)
class Artefacts:
    binary: Path
    deb: Path
    wheel: Path


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Artefacts:
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [str(ROOT / "scripts" / "package")],
        env={**private_env(tmp_path_factory.mktemp("home")), "DIST_DIR": str(dist)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    print(result.stderr)  # the build times, shown with -s
    version = project_version()
    return Artefacts(
        binary=dist / f"ai-status-tray-{version}-linux-{platform.machine()}",
        deb=dist / f"ai-status-tray_{version}_amd64.deb",
        wheel=dist / f"ai_status_tray-{version}-py3-none-any.whl",
    )


@pytest.fixture
def loopback() -> Iterator[StatusServer]:
    with StatusServer() as server:
        server.set_fixture(SUMMARY, "statuspage/healthy.json")
        yield server


def status_json(app: Path, config: Path, home: Path) -> tuple[int, dict[str, object]]:
    result = subprocess.run(
        [str(app), "status", "--json", "--config", str(config)],
        env=private_env(home),
        cwd=home.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, json.loads(result.stdout)


def test_the_binary_runs_status_json(artefacts: Artefacts, loopback: StatusServer, tmp_path: Path):
    assert artefacts.binary.stat().st_size < 120 * 2**20  # a sanity bound; the target is in bench
    version = subprocess.run(
        [str(artefacts.binary), "--version"], capture_output=True, text=True, timeout=60
    )
    assert version.stdout.strip() == f"ai-status-tray {project_version()}"
    loopback.set_fixture(SUMMARY, "statuspage/outage.json")
    code, data = status_json(
        artefacts.binary, write_config(tmp_path / "c.toml", loopback.url), tmp_path / "home"
    )
    assert code == 2
    assert data["overall"] == "major_outage"


def test_the_binarys_details_open_the_page_saying_why(
    artefacts: Artefacts, loopback: StatusServer, tmp_path: Path
):
    """The binary bundles GTK 3 only: ``details`` opens the page in the browser instead (on a
    display: without one, no window command opens anything, and says so)."""
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" >> {tmp_path / "opened.txt"}\n')
    browser.chmod(0o755)
    home = tmp_path / "home"
    with DesktopSession(tmp_path, host=None, notifications=None) as desktop:
        result = subprocess.run(
            [
                str(artefacts.binary),
                "details",
                "--config",
                str(write_config(tmp_path / "c.toml", loopback.url)),
            ],
            env=private_env(home, BROWSER=str(browser), **desktop.env),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    assert "this single-file build has no GTK 4; install with pipx for windows" in result.stderr
    page = home / "data" / "ai-status-tray" / "details.html"
    assert (tmp_path / "opened.txt").read_text().strip() == page.as_uri()
    assert "The window could not open (this single-file build" in page.read_text()


def test_the_binary_docks_with_a_menu_and_notifies(artefacts: Artefacts, tmp_path: Path):
    """AppIndicator (the default) falls back to a classic tray icon on trayer."""
    assert_tray_works([str(artefacts.binary)], tmp_path)


def test_the_binary_replays_the_demo_in_the_terminal_and_on_the_tray(
    artefacts: Artefacts, tmp_path: Path
):
    """The scenarios are data inside the frozen app."""
    assert_demo_lists_and_replays([str(artefacts.binary)], tmp_path)
    assert_demo_runs_on_the_tray([str(artefacts.binary)], tmp_path)


def test_pipx_with_system_site_packages_keeps_the_menu(artefacts: Artefacts, tmp_path: Path):
    """The README's pipx command, from the wheel: PyGObject comes from Debian's python3-gi."""
    pipx = shutil.which("pipx")
    assert pipx, "pipx is missing: PACKAGE_TESTS=1 scripts/setup test installs it"
    env = private_env(
        tmp_path / "home", PIPX_HOME=str(tmp_path / "pipx"), PIPX_BIN_DIR=str(tmp_path / "bin")
    )
    subprocess.run(
        [pipx, "install", "--system-site-packages", str(artefacts.wheel)],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    assert_tray_works([str(tmp_path / "bin" / "ai-status-tray")], tmp_path)


def test_the_deb_has_the_right_contents_and_runs_once_extracted(
    artefacts: Artefacts, loopback: StatusServer, tmp_path: Path
):
    version = project_version()
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(artefacts.deb), "Package", "Version", "Architecture"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert fields.split() == [
        "Package:",
        "ai-status-tray",
        "Version:",
        version,
        "Architecture:",
        "amd64",
    ]
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(artefacts.deb)], capture_output=True, text=True, check=True
    ).stdout
    entries = {line.split()[-1].lstrip("."): line.split()[0] for line in listing.splitlines()}
    assert entries["/usr/bin/ai-status-tray"] == "-rwxr-xr-x"
    expected = [
        "/usr/share/applications/ai-status-tray.desktop",
        "/usr/share/man/man1/ai-status-tray.1.gz",
        "/usr/share/doc/ai-status-tray/copyright",
        "/usr/share/doc/ai-status-tray/changelog.gz",
        *(
            f"/usr/share/icons/hicolor/{s}x{s}/apps/ai-status-tray.png"
            for s in (16, 22, 24, 32, 48, 64, 128, 256, 512)
        ),
    ]
    for path in expected:
        assert entries.get(path) == "-rw-r--r--", path
    assert all(" root/root " in line for line in listing.splitlines())

    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(artefacts.deb), str(root)], check=True)
    app = root / "usr/bin/ai-status-tray"
    code, data = status_json(
        app, write_config(tmp_path / "c.toml", loopback.url), tmp_path / "home"
    )
    assert (code, data["overall"]) == (0, "operational")
    entry = root / "usr/share/applications/ai-status-tray.desktop"
    validate = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert validate.returncode == 0 and not validate.stdout.strip(), validate.stdout
    page = gzip.decompress((root / "usr/share/man/man1/ai-status-tray.1.gz").read_bytes()).decode()
    assert page.startswith(".TH AI-STATUS-TRAY 1") and "EXIT STATUS" in page

    assert_demo_lists_and_replays([str(app)], tmp_path)

    lintian = shutil.which("lintian")
    assert lintian, "lintian is missing: PACKAGE_TESTS=1 scripts/setup test installs it"
    lint = subprocess.run(
        [lintian, "--fail-on", "error", str(artefacts.deb)], capture_output=True, text=True
    )
    assert lint.returncode == 0 and "\nE: " not in "\n" + lint.stdout, lint.stdout
