"""Opening a window from the tray: the windows run in their own process, never in the tray's.

A window already running is raised through GApplication's own D-Bus interface (one call, no
new process); otherwise ``ai-status-tray details`` (or ``settings``, ``about``) is started, and
the tray goes on at once. If that process cannot show a window (no GTK 4 or libadwaita here:
it exits with :data:`EX_UNAVAILABLE` and says why on its last line), ``on_failed`` receives the
reason, and the tray falls back to its page in the browser.

Where no window can ever open (the single-file binary bundles no GTK 4), the tray knows it from
the start (:func:`windows_possible`) and never starts a process only to hear it fail.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from trayapp.core.identity import windows_app_id
from trayapp.core.text import clean_line

log = logging.getLogger(__name__)

EX_UNAVAILABLE = 69  # sysexits.h: a service needed (here GTK 4 / libadwaita) is unavailable
# Set for a window started by the tray: on failure it exits and the tray shows its page.
FALLBACK_ENV = "AI_STATUS_TRAY_WINDOW_FALLBACK"
# Set for a window started by a tray beside the everyday one (the demo): its channel's name.
# The windows then take that channel's application id and follow only that tray.
CHANNEL_ENV = "AI_STATUS_TRAY_CHANNEL"
# A window process that fails within this many seconds never showed: the page is opened.
START_GRACE = 10.0
APPLICATION = "org.freedesktop.Application"

# After the window process ended, how long its last words may take to be read.
LAST_WORDS = 2.0

Failed = Callable[[str, str], None]  # (window name, reason)


def windows_possible() -> bool:
    """Whether this build can show the windows at all: the single-file binary (PyInstaller)
    bundles GTK 3 for the tray and no GTK 4 (see ``trayapp/windows/toolkit.py``)."""
    return not getattr(sys, "frozen", False)


def command(name: str, config_file: Path | None, provider: str = "") -> list[str]:
    """How to start the window ``name`` with this Python; with the tray's settings file when
    there is one (without, both use the defaults); the details at ``provider``, if given."""
    args = [sys.executable, "-m", "trayapp", name]
    if config_file is not None and config_file.exists():
        args += ["--config", str(config_file)]
    if provider:
        args.append(provider)
    return args


def start(
    name: str, config_file: Path | None, on_failed: Failed, provider: str = "", channel: str = ""
) -> None:
    """Start the window process; its end is watched on a thread of its own."""
    env = {**os.environ, FALLBACK_ENV: "1"}
    env.pop(CHANNEL_ENV, None)
    if channel:
        env[CHANNEL_ENV] = channel
    try:
        process = subprocess.Popen(
            command(name, config_file, provider),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
        )
    except OSError as exc:
        log.warning("could not start the %s window: %s", name, exc)
        on_failed(name, str(exc))
        return
    threading.Thread(
        target=_watch, args=(process, name, on_failed), name=f"{name}-window", daemon=True
    ).start()


def _watch(process: subprocess.Popen[str], name: str, on_failed: Failed) -> None:
    """Wait for the window process to end, then judge it by its status and last line.

    The end is the process's, not its stderr's: a program the window started (a browser, an
    editor) may hold that pipe open for hours, and the ended process must be reaped at once."""
    started = time.monotonic()
    last = [""]
    assert process.stderr is not None
    reader = threading.Thread(
        target=_drain, args=(process.stderr, last), name=f"{name}-window-err", daemon=True
    )
    reader.start()
    code = process.wait()
    reader.join(LAST_WORDS)  # what it wrote before it ended (the pipe may never close)
    said = clean_line(last[0], 300)
    if code == EX_UNAVAILABLE:
        log.warning("the %s window cannot run here: %s", name, said)
        on_failed(name, said)
    elif code != 0 and time.monotonic() - started < START_GRACE:
        # It never got going (a crash in the toolkit, a broken install): the page instead.
        reason = said or f"status {code}"
        log.warning("the %s window failed to start (%s): %s", name, code, said)
        on_failed(name, reason)
    elif code != 0:
        log.warning("the %s window ended with status %s: %s", name, code, said)


def _drain(stream: IO[str], last: list[str]) -> None:
    """Read ``stream`` to its end (a full pipe would stall the window), keeping the last
    non-empty line, at most a few KiB of it."""
    try:
        for line in stream:
            if line.strip():
                last[0] = line[-4096:]
    except (OSError, ValueError):  # closed under us
        pass
    finally:
        stream.close()


class Launcher:
    """Raises a running window over D-Bus where it can, else starts the process."""

    def __init__(
        self, config_file: Path | None, on_failed: Failed, bus: Any = None, channel: str = ""
    ) -> None:
        self._config_file = config_file
        self._on_failed = on_failed
        self._bus = bus  # dbus-python's session bus on the GLib main loop, when the tray has one
        self._channel = channel  # a demo's: its own windows, never the everyday tray's

    def show(self, name: str, provider: str = "") -> None:
        """Called on the UI thread; never blocks it. ``provider``: the details window opens
        at that provider's card."""
        if self._bus is None:
            start(name, self._config_file, self._on_failed, provider, self._channel)
            return
        try:
            import dbus

            token = os.environ.get("XDG_ACTIVATION_TOKEN", "")
            platform = {"activation-token": dbus.String(token, variant_level=1)} if token else {}
            app_id = windows_app_id(self._channel)
            self._bus.call_async(
                app_id,
                "/" + app_id.replace(".", "/"),
                APPLICATION,
                "ActivateAction",
                "sava{sv}",
                (
                    "show",
                    dbus.Array([dbus.String(_target(name, provider), variant_level=1)], "v"),
                    dbus.Dictionary(platform, signature="sv"),
                ),
                lambda *reply: log.info("raised the %s window", name),
                # Not running yet (no owner of the name): start it.
                lambda error: start(
                    name, self._config_file, self._on_failed, provider, self._channel
                ),
            )
        except Exception:
            log.warning("could not ask the windows over D-Bus", exc_info=True)
            start(name, self._config_file, self._on_failed, provider, self._channel)


def _target(name: str, provider: str) -> str:
    """The ``show`` action's argument: ``details`` or ``details:claude`` (at that card)."""
    return f"{name}:{provider}" if provider else name
