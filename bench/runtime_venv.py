"""A virtualenv holding the app and its runtime dependencies only, as pip or pipx installs it.

Memory figures are taken from one: the development venv adds click and rich, which httpx
imports when they are present (several MiB the user never has).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def runtime_venv(where: Path) -> Path:
    """Create the venv at ``where`` and install this checkout into it; its ``bin`` directory."""
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--system-site-packages", str(where)], check=True)
    subprocess.run(
        [where / "bin/python", "-m", "pip", "install", "-q", "--disable-pip-version-check", "."],
        cwd=ROOT,
        check=True,
    )
    return where / "bin"
