"""Shared by the packaging tests: the project's version, a config for a loopback status page,
and an environment that keeps the app away from the user's files."""

from __future__ import annotations

import os
from pathlib import Path

from trayapp.version import __version__

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = "/api/v2/summary.json"


def project_version() -> str:
    return __version__


def write_config(path: Path, url: str, interval: int = 60) -> Path:
    path.write_text(
        f"poll_interval = {interval}\n[catalogue]\nenabled = []\n"
        f'[[providers]]\nid = "claude"\nname = "Claude"\ntype = "statuspage"\nurl = "{url}"\n'
        'chat_url = "https://claude.ai"\n'
    )
    return path


def private_env(home: Path, **extra: str) -> dict[str, str]:
    """os.environ with a fresh HOME and XDG dirs, no PYTHONPATH (nothing from the checkout)."""
    dirs = {
        "HOME": home,
        "XDG_CONFIG_HOME": home / "config",
        "XDG_DATA_HOME": home / "data",
        "XDG_STATE_HOME": home / "state",
        "XDG_CACHE_HOME": home / "cache",
        "XDG_RUNTIME_DIR": home / "run",
    }
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, **{k: str(v) for k, v in dirs.items()}, **extra}
