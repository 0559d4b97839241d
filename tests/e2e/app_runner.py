"""Starting the real app (``python -m trayapp``) inside a test desktop, with private files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Protocol

SUMMARY = "/api/v2/summary.json"


class Desktop(Protocol):
    def full_env(self) -> dict[str, str]: ...


def write_config(tmp_path: Path, server_url: str, interval: int = 1, extra: str = "") -> Path:
    config = tmp_path / "config.toml"
    config.write_text(
        f"poll_interval = {interval}\n{extra}[catalogue]\nenabled = []\n"
        f'[[providers]]\nid = "claude"\nname = "Claude"\ntype = "statuspage"\nurl = "{server_url}"\n'
        'chat_url = "https://claude.ai"\n'
        f'[[providers]]\nid = "chatgpt"\nname = "ChatGPT"\ntype = "statuspage"\n'
        f'url = "{server_url}/openai"\nchat_url = "https://chatgpt.com"\n'
    )
    return config


def app_env(desktop: Desktop, tmp_path: Path, system_bus: str | None = None) -> dict[str, str]:
    """The app's environment: the test desktop, a private HOME, a $BROWSER that records, and
    no system bus but ``system_bus`` (a stand-in's address): the host's NetworkManager is never
    asked."""
    browser = tmp_path / "browser.py"
    browser.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(tmp_path / 'opened.txt')!r}, 'a').write(sys.argv[1] + '\\n')\n"
    )
    browser.chmod(0o755)
    home = tmp_path / "home"
    env = {
        **desktop.full_env(),
        "BROWSER": str(browser),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "TZ": "Asia/Jakarta",
        "DBUS_SYSTEM_BUS_ADDRESS": system_bus or f"unix:path={tmp_path / 'no-system-bus'}",
    }
    env.pop("PYSTRAY_BACKEND", None)
    (home / "run").mkdir(parents=True, mode=0o700, exist_ok=True)
    return env


def start_app(
    desktop: Desktop,
    tmp_path: Path,
    server_url: str,
    backend: str | None = "gtk",
    interval: int = 1,
    second_provider: bool = False,
    keep_config: bool = False,
    system_bus: str | None = None,
) -> subprocess.Popen[str]:
    """``backend``: a PYSTRAY_BACKEND to force, or None for what users get (the default);
    ``system_bus``: a stand-in system bus's address (``tests/system_bus.py``)."""
    config = tmp_path / "config.toml"
    if keep_config:
        pass
    elif second_provider:
        write_config(tmp_path, server_url, interval)
    else:
        config.write_text(
            f"poll_interval = {interval}\n[catalogue]\nenabled = []\n"
            f'[[providers]]\nid = "claude"\nname = "Claude"\ntype = "statuspage"\n'
            f'url = "{server_url}"\nchat_url = "https://claude.ai"\n'
        )
    env = app_env(desktop, tmp_path, system_bus)
    if backend is not None:
        env["PYSTRAY_BACKEND"] = backend
    return subprocess.Popen(
        [sys.executable, "-m", "trayapp", "--config", str(config)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def opened(tmp_path: Path) -> list[str]:
    """What the app opened through $BROWSER, in order."""
    path = tmp_path / "opened.txt"
    return path.read_text().splitlines() if path.exists() else []


def stop(app: subprocess.Popen[str]) -> str:
    """End the app (SIGTERM, then kill) and return its stderr."""
    if app.poll() is None:
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
    _, err = app.communicate(timeout=5)
    return err


WINDOWS_APP = "io.github.AiStatusTray"  # the windows' GApplication on the session bus


def _windows_app(env: dict[str, str], call: str | None = None) -> bool:
    """Whether the windows' process runs on the session bus of ``env``; ``call``: an action
    of it to activate (as the tray raises a window: ``org.freedesktop.Application``)."""
    import dbus

    bus = dbus.bus.BusConnection(env["DBUS_SESSION_BUS_ADDRESS"])
    try:
        if not bus.name_has_owner(WINDOWS_APP):
            return False
        if call is not None:
            app = bus.get_object(WINDOWS_APP, "/" + WINDOWS_APP.replace(".", "/"))
            app.ActivateAction(
                call,
                dbus.Array([], signature="v"),
                dbus.Dictionary({}, signature="sv"),
                dbus_interface="org.freedesktop.Application",
            )
        return True
    finally:
        bus.close()


def window_running(env: dict[str, str]) -> bool:
    """A details (or other) window's process is up: a click on the tray opened it."""
    return _windows_app(env)


def close_windows(env: dict[str, str]) -> None:
    """Close every window (their process quits), as Ctrl+Q in one of them does."""
    _windows_app(env, "quit")
