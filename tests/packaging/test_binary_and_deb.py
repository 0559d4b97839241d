"""The single-file binary and the .deb, built by scripts/package as a release would be.

Slow (about two minutes): run with PACKAGE_TESTS=1, as .ci/run does.
"""

from __future__ import annotations

import gzip
import json
import platform
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.desktop_session import DesktopSession, dominant_state_colour, pixels
from tests.packaging.artefacts import ROOT, SUMMARY, private_env, project_version, write_config
from tests.statusserver import StatusServer, wait_for

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Artefacts:
    binary: Path
    deb: Path


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


def test_the_binary_docks_with_a_menu_and_notifies(
    artefacts: Artefacts, loopback: StatusServer, tmp_path: Path
):
    """The default backend, as users get it (no PYSTRAY_BACKEND): AppIndicator, which falls back
    to a classic tray icon on trayer. A right click must open the menu."""
    config = write_config(tmp_path / "config.toml", loopback.url, interval=1)
    with DesktopSession(tmp_path) as desktop:
        app = subprocess.Popen(
            [str(artefacts.binary), "--config", str(config)],
            env=private_env(tmp_path / "home", **desktop.env),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert wait_for(lambda: desktop.icon_window("ai-status-tray") is not None, 30), (
                "never docked"
            )

            def colour() -> str | None:
                x, y, w, h = desktop.icon_window("ai-status-tray") or (0, 0, 1, 1)
                return dominant_state_colour(
                    desktop.screenshot(tmp_path / "s.png"), (x, y, x + w, y + h)
                )

            assert wait_for(lambda: colour() == "green", 20), "never green"
            loopback.set_fixture(SUMMARY, "statuspage/outage.json")
            assert wait_for(lambda: colour() == "red", 20), "never red"
            assert wait_for(lambda: len(desktop.notifications()) >= 1, 20), "no notification"
            note = desktop.notifications()[0]
            assert note["summary"] == "Claude: major outage"
            assert note["app_name"] == "AI Status Tray"

            x, y, w, h = desktop.icon_window("ai-status-tray") or (0, 0, 0, 0)
            before = desktop.screenshot(tmp_path / "before.png")
            desktop.click(x + w // 2, y + h // 2, 3)
            time.sleep(1.0)
            menu = desktop.screenshot(tmp_path / "menu.png")
            below = (0, 34, 400, 400)
            changed = sum(
                1
                for a, b in zip(pixels(before.crop(below)), pixels(menu.crop(below)), strict=True)
                if a != b
            )
            assert changed > 5000, "no menu appeared under the icon"
            desktop.key("Up", "Return")  # the last item: Quit
            assert app.wait(timeout=15) == 0
        finally:
            if app.poll() is None:
                app.kill()
            _, err = app.communicate(timeout=10)
    assert "Traceback" not in err, err
    assert "no menu" not in err and "notification" not in err, err  # the self-check found nothing


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

    lintian = shutil.which("lintian")
    assert lintian, "lintian is missing: PACKAGE_TESTS=1 scripts/setup test installs it"
    lint = subprocess.run(
        [lintian, "--fail-on", "error", str(artefacts.deb)], capture_output=True, text=True
    )
    assert lint.returncode == 0 and "\nE: " not in "\n" + lint.stdout, lint.stdout
