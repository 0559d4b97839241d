"""The PyInstaller specs for all three systems parse, name files that exist and hidden imports
that the installed plyer and pystray have (the Windows and macOS builds are not run here)."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

from tests.packaging.artefacts import ROOT
from trayapp.desktop import autostart

SPECS = sorted((ROOT / "packaging").glob("*/ai-status-tray.spec"))


def module_file(dotted: str) -> Path:
    """Where ``dotted`` lives, found without importing it (pystray needs a display to import)."""
    top, *rest = dotted.split(".")
    found = importlib.util.find_spec(top)
    assert found is not None and found.origin is not None, top
    path = Path(found.origin).parent.joinpath(*rest)
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def test_there_is_a_spec_per_system():
    assert [s.parent.name for s in SPECS] == ["linux", "macos", "windows"]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.parent.name)
def test_spec_parses_and_names_what_exists(spec: Path):
    tree = ast.parse(spec.read_text(), filename=str(spec))
    strings = {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    hidden = sorted(s for s in strings if s.startswith(("plyer.platforms.", "pystray._")))
    assert any(s.endswith(".notification") for s in hidden), "plyer's notifier must be named"
    for module in hidden:
        assert module_file(module).exists(), module
    for asset in ("ai-status-tray.ico", "ai-status-tray.icns"):
        if asset in strings:
            assert (ROOT / "assets" / asset).exists()


def test_macos_app_is_menu_bar_only_and_windows_exe_has_no_console():
    macos = (ROOT / "packaging/macos/ai-status-tray.spec").read_text()
    windows = (ROOT / "packaging/windows/ai-status-tray.spec").read_text()
    assert '"LSUIElement": True' in macos and "ai-status-tray.icns" in macos
    assert "console=False" in windows and "ai-status-tray.ico" in windows


def test_start_at_login_from_the_binary_starts_the_binary(monkeypatch: pytest.MonkeyPatch):
    """PyInstaller sets sys.frozen; "BINARY -m trayapp" would be an unknown option."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/usr/bin/ai-status-tray")
    assert autostart.command() == ["/usr/bin/ai-status-tray"]
