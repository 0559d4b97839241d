"""The committed assets are what the drawing code makes now, in the formats packaging needs."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]


def _load_generator():
    # packaging/ is not an importable package: that name belongs to PyPI's "packaging".
    spec = importlib.util.spec_from_file_location(
        "make_assets", ROOT / "packaging" / "make_assets.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_assets = _load_generator()
ASSETS, THEMED, ICO_SIZES, PNG_SIZES, build = (
    make_assets.ASSETS,
    make_assets.THEMED,
    make_assets.ICO_SIZES,
    make_assets.PNG_SIZES,
    make_assets.build,
)


def test_committed_assets_match_the_drawing_code(tmp_path: Path):
    fresh = build(tmp_path / "assets", tmp_path / "icons")
    for path in fresh:
        where = tmp_path / "assets"
        committed = ASSETS / path.relative_to(where) if path.is_relative_to(where) else None
        committed = committed or THEMED / path.relative_to(tmp_path / "icons")
        assert committed.exists(), f"{committed} missing: run python packaging/make_assets.py"
        if path.suffix == ".png":
            with Image.open(path) as new, Image.open(committed) as old:
                assert new.size == old.size
                assert new.convert("RGBA").tobytes() == old.convert("RGBA").tobytes(), (
                    f"{committed.name} is out of date: run python packaging/make_assets.py"
                )


def test_app_icon_formats():
    for size in PNG_SIZES:
        with Image.open(ASSETS / f"ai-status-tray-{size}.png") as image:
            assert image.size == (size, size) and image.mode == "RGBA"
    with Image.open(ASSETS / "ai-status-tray.ico") as ico:
        assert {s[0] for s in ico.info["sizes"]} == set(ICO_SIZES)
    with Image.open(ASSETS / "ai-status-tray.icns") as icns:
        assert icns.format == "ICNS"


def test_desktop_entry_is_valid():
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate is missing: run scripts/test, which installs it"
    entry = ROOT / "packaging" / "linux" / "ai-status-tray.desktop"
    result = subprocess.run([validator, str(entry)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout
