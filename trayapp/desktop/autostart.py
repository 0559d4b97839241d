"""Start at login: a freedesktop autostart entry on Linux, a Run key on Windows, a LaunchAgent
on macOS."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from trayapp.core.identity import APP_ID, APP_NAME
from trayapp.settings import paths

LAUNCH_AGENT = "io.github.ai-status-tray"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def command(config_file: Path | None = None) -> list[str]:
    """How to start this same installation again, on the settings file ``config_file`` when
    that is not the default one (a tray started with ``--config FILE`` comes back with it)."""
    if getattr(sys, "frozen", False):  # the PyInstaller binary: it is the whole app
        base = [sys.executable]
    elif (script := Path(sys.argv[0])).name == APP_ID and script.exists():
        base = [str(script.resolve())]
    else:
        base = [sys.executable, "-m", "trayapp"]
    if config_file is None:
        return base
    chosen = config_file.expanduser().absolute()
    if chosen == paths.config_file().absolute():
        return base
    return [*base, "--config", str(chosen)]


def desktop_entry(cmd: list[str]) -> str:
    """A freedesktop .desktop entry (validated by desktop-file-validate in the tests)."""
    exec_line = " ".join(_desktop_quote(part) for part in cmd)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        "Comment=Status of the AI tools you use, in the system tray\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "Categories=Utility;\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _desktop_quote(arg: str) -> str:
    if arg and all(c.isalnum() or c in "/._-+=:" for c in arg):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def _linux_path() -> Path:
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home) / "autostart" / f"{APP_ID}.desktop"


def _mac_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT}.plist"


def is_enabled() -> bool:
    if sys.platform == "win32":
        return _windows_get() is not None
    path = _mac_path() if sys.platform == "darwin" else _linux_path()
    if not path.exists():
        return False
    if sys.platform == "darwin":
        return True
    text = path.read_text(encoding="utf-8", errors="replace")
    return "Hidden=true" not in text


def set_enabled(enabled: bool, config_file: Path | None = None) -> None:
    """Start at login on or off; on, with ``config_file`` when it is not the default one."""
    cmd = command(config_file)
    if sys.platform == "win32":
        _windows_set(subprocess_line(cmd) if enabled else None)
        return
    path = _mac_path() if sys.platform == "darwin" else _linux_path()
    if not enabled:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "darwin":
        import plistlib

        plist = {"Label": LAUNCH_AGENT, "ProgramArguments": cmd, "RunAtLoad": True}
        path.write_bytes(plistlib.dumps(plist))
    else:
        path.write_text(desktop_entry(cmd), encoding="utf-8")


def subprocess_line(cmd: list[str]) -> str:
    if sys.platform == "win32":
        import subprocess

        return subprocess.list2cmdline(cmd)
    import shlex

    return shlex.join(cmd)


def _windows_get() -> str | None:
    if sys.platform != "win32":  # also tells mypy to check what follows only for Windows
        raise OSError("the Run key exists only on Windows")
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            value, _ = winreg.QueryValueEx(key, APP_NAME)
            return str(value)
    except OSError:
        return None


def _windows_set(line: str | None) -> None:
    if sys.platform != "win32":
        raise OSError("the Run key exists only on Windows")
    import winreg

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        if line is None:
            with contextlib.suppress(FileNotFoundError):
                winreg.DeleteValue(key, APP_NAME)
        else:
            winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, line)
