"""Build ``dist/ai-status-tray_<version>_amd64.deb`` around the single-file binary.

Run: ``.venv/bin/python packaging/build_deb.py BINARY [OUT_DIR]`` (scripts/package does).

The package ships the PyInstaller binary, not the Python package with Debian dependencies:
Debian 12 has httpx 0.23 and pystray 0.19.4, older than the app needs, and the binary is the
artefact already tested on the virtual desktop, so the .deb adds only the desktop files.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "ai-status-tray"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# Debian's usual variables name whoever builds a release; this is only the fallback.
MAINTAINER = "AI Status Tray contributors <maintainers@ai-status-tray.invalid>"
SUMMARY = "tray indicator for the health of AI services"
DESCRIPTION = """\
 The health of the AI tools you depend on (ChatGPT, Claude, Gemini, GitHub
 Copilot and more) in your system tray. The icon tells at a glance whether a
 service is down; a notification tells you when one goes down and when it is
 back; the menu lists incidents and which chat services are up right now.
 .
 It reads each provider's public status page and never guesses: a page it
 cannot read is shown as unknown, never as operational. The "status" command
 prints the same from a terminal, with exit codes for scripts.
 .
 This package ships a self-contained binary (Python, GTK 3 and
 AyatanaAppIndicator bundled)."""


def project_version(root: Path = ROOT) -> str:
    """The one source of the version: ``__version__`` in trayapp/version.py."""
    text = (root / "trayapp" / "version.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if found is None:
        raise SystemExit("trayapp/version.py: no __version__ line")
    return found.group(1)


def build_deb(binary: Path, out_dir: Path, version: str | None = None) -> Path:
    """Lay out the package tree in a temporary directory and pack it with dpkg-deb."""
    version = version or project_version()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{version}_amd64.deb"
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "pkg"
        _lay_out(tree, binary, version)
        # gzip: the binary is compressed inside already, and xz took 20 s here to save 1 %.
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(tree), str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def _lay_out(tree: Path, binary: Path, version: str) -> None:
    linux = ROOT / "packaging" / "linux"
    _install(binary, tree / "usr/bin" / PACKAGE, 0o755)
    _install(linux / f"{PACKAGE}.desktop", tree / "usr/share/applications" / f"{PACKAGE}.desktop")
    for size in ICON_SIZES:
        _install(
            ROOT / f"trayapp/icons/hicolor/{size}x{size}/apps/{PACKAGE}.png",
            tree / f"usr/share/icons/hicolor/{size}x{size}/apps/{PACKAGE}.png",
        )
    _write_gz(
        tree / f"usr/share/man/man1/{PACKAGE}.1.gz",
        (linux / f"{PACKAGE}.1").read_text(encoding="utf-8"),
    )
    doc = tree / "usr/share/doc" / PACKAGE
    _install(linux / "copyright", doc / "copyright")
    _write_gz(doc / "changelog.gz", _changelog(version))
    _control(tree, version)


def _install(source: Path, dest: Path, mode: int = 0o644) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    for parent in [dest.parent, *dest.parent.parents]:
        if parent.exists():
            parent.chmod(0o755)
    shutil.copyfile(source, dest)
    dest.chmod(mode)


def _write_gz(dest: Path, text: str) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name inside: the same input gives the same bytes (reproducible).
    with dest.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    dest.chmod(0o644)


def _maintainer() -> str:
    name, mail = os.environ.get("DEBFULLNAME"), os.environ.get("DEBEMAIL")
    return f"{name} <{mail}>" if name and mail else MAINTAINER


def _changelog(version: str) -> str:
    # SOURCE_DATE_EPOCH (reproducible builds) when given, else now.
    when = float(os.environ.get("SOURCE_DATE_EPOCH", "0")) or None
    return (
        f"{PACKAGE} ({version}) unstable; urgency=medium\n\n"
        f"  * Release {version}: see the project's README for what is in it.\n\n"
        f" -- {_maintainer()}  {email.utils.formatdate(when)}\n"
    )


def _control(tree: Path, version: str) -> None:
    files = sorted(p for p in tree.rglob("*") if p.is_file())
    size_kib = sum((p.stat().st_size + 1023) // 1024 for p in files)
    control = tree / "DEBIAN"
    control.mkdir(mode=0o755)
    (control / "control").write_text(
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        "Architecture: amd64\n"
        f"Maintainer: {_maintainer()}\n"
        f"Installed-Size: {size_kib}\n"
        # The binary is linked against Debian 12's glibc; everything else is inside it.
        "Depends: libc6 (>= 2.36)\n"
        # GNOME shows tray icons only with this extension; other desktops need nothing.
        "Suggests: gnome-shell-extension-appindicator\n"
        "Section: utils\n"
        "Priority: optional\n"
        f"Description: {SUMMARY}\n{DESCRIPTION}\n",
        encoding="utf-8",
    )
    (control / "md5sums").write_text(
        "".join(
            f"{hashlib.md5(p.read_bytes()).hexdigest()}  {p.relative_to(tree)}\n"  # noqa: S324
            for p in files
        ),
        encoding="utf-8",
    )
    for path in control.iterdir():
        path.chmod(0o644)


if __name__ == "__main__":
    if sys.argv[1:] == ["--version"]:  # for scripts/package: the one reader of the version
        print(project_version())
        sys.exit(0)
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "dist"
    print(build_deb(Path(sys.argv[1]), out))
